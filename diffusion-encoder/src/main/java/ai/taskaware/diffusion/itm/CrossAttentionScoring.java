package ai.taskaware.diffusion.itm;

import java.util.List;

/**
 * How a {@link CrossAttentionScorer} scores.
 *
 * @param pooling how the cross-attention of a text becomes its score
 * @param layers the cross-attention layers read, each named by its transformer block in any tap
 *     spelling, with or without a type ({@code "U-L1-R1-B0"}, {@code "U-L1-R1-B0-Cross-Map"},
 *     {@code "up_blocks.1.attentions.1.transformer_blocks.0.attn2"}); empty for every
 *     cross-attention layer of the U-Net
 * @param timesteps the timesteps the latent is noised to; scores are summed (paper) or averaged
 *     (DiscFFusion) over them
 * @param seeds one noise trial per seed: the seed of ε, shared by every candidate text of an image
 * @param denoisingWeight w ≥ 0 of the denoising-error term: the score minus {@code w·mean_t
 *     mean((ε̂ − ε)²)} (mean over the latent's elements); 0 skips it and the layers after the
 *     deepest chosen one are not run
 * @param textBatch most texts per U-Net run
 */
public record CrossAttentionScoring(
    CrossAttentionPooling pooling,
    List<String> layers,
    List<Integer> timesteps,
    List<Long> seeds,
    double denoisingWeight,
    int textBatch) {

  /** The timesteps of the paper's Table 1. */
  public static final List<Integer> DEFAULT_TIMESTEPS = List.of(189, 389, 589, 789, 989);

  /** Three noise trials, as in the paper. */
  public static final List<Long> DEFAULT_SEEDS = List.of(0L, 1L, 2L);

  /**
   * Checks and copies.
   *
   * @throws ScoringInputException naming the field that is null, empty or out of range
   */
  public CrossAttentionScoring {
    if (pooling == null) {
      throw new ScoringInputException("pooling", "must not be null");
    }
    layers = copy("layers", layers);
    timesteps = copy("timesteps", timesteps);
    seeds = copy("seeds", seeds);
    if (timesteps.isEmpty()) {
      throw new ScoringInputException("timesteps", "at least one timestep is needed");
    }
    if (seeds.isEmpty()) {
      throw new ScoringInputException("seeds", "at least one trial seed is needed");
    }
    if (!(denoisingWeight >= 0) || Double.isInfinite(denoisingWeight)) {
      throw new ScoringInputException(
          "denoisingWeight", "must be finite and >= 0, got " + denoisingWeight);
    }
    if (textBatch < 1) {
      throw new ScoringInputException("textBatch", "must be >= 1, got " + textBatch);
    }
  }

  private static <T> List<T> copy(String field, List<T> values) {
    if (values == null) {
      throw new ScoringInputException(field, "must not be null");
    }
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        throw new ScoringInputException(field + "[" + i + "]", "is null");
      }
    }
    return List.copyOf(values);
  }

  /** The paper's pooling: every cross-attention layer, Table 1's timesteps, seeds 0–2. */
  public static CrossAttentionScoring paper() {
    return new CrossAttentionScoring(
        CrossAttentionPooling.PAPER_LOGSUMEXP, List.of(), DEFAULT_TIMESTEPS, DEFAULT_SEEDS, 0, 8);
  }

  /** DiscFFusion's pooling with the same layers, timesteps and seeds, no denoising term. */
  public static CrossAttentionScoring discFFusion() {
    return paper().withPooling(CrossAttentionPooling.DISCFFUSION);
  }

  /** With this pooling. */
  public CrossAttentionScoring withPooling(CrossAttentionPooling p) {
    return new CrossAttentionScoring(p, layers, timesteps, seeds, denoisingWeight, textBatch);
  }

  /** With these layers (none: all). */
  public CrossAttentionScoring withLayers(String... names) {
    return new CrossAttentionScoring(
        pooling, List.of(names), timesteps, seeds, denoisingWeight, textBatch);
  }

  /** With these timesteps. */
  public CrossAttentionScoring withTimesteps(Integer... t) {
    return new CrossAttentionScoring(
        pooling, layers, List.of(t), seeds, denoisingWeight, textBatch);
  }

  /** With one trial per seed. */
  public CrossAttentionScoring withSeeds(Long... s) {
    return new CrossAttentionScoring(
        pooling, layers, timesteps, List.of(s), denoisingWeight, textBatch);
  }

  /** With this weight of the denoising-error term (0: off). */
  public CrossAttentionScoring withDenoisingWeight(double w) {
    return new CrossAttentionScoring(pooling, layers, timesteps, seeds, w, textBatch);
  }

  /** With at most this many texts per U-Net run. */
  public CrossAttentionScoring withTextBatch(int texts) {
    return new CrossAttentionScoring(pooling, layers, timesteps, seeds, denoisingWeight, texts);
  }
}
