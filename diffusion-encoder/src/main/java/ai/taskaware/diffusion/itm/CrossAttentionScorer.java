package ai.taskaware.diffusion.itm;

import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.model.ImageTextScorer;
import ai.taskaware.core.model.ProgressListener;
import ai.taskaware.diffusion.DiffusionFeatureExtractor;
import ai.taskaware.diffusion.DiffusionFeatures;
import ai.taskaware.diffusion.ExtractorOptions;
import ai.taskaware.diffusion.FeatureRequest;
import ai.taskaware.diffusion.StableDiffusionPipeline;
import ai.taskaware.diffusion.TokenGrid;
import ai.taskaware.diffusion.schedule.GaussianNoise;
import ai.taskaware.diffusion.tap.TapName;
import ai.taskaware.diffusion.tap.TapType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Image–text matching from Stable Diffusion's cross-attention (the paper's Table 1; pooling in
 * {@link CrossAttentionPooling}). For each image the VAE latent is computed once (its mean, no
 * sampling); in each trial it is noised with the trial seed's ε to every timestep, and the U-Net
 * runs on that latent once per candidate text, up to {@link CrossAttentionScoring#textBatch()}
 * texts per run, every text of a trial seeing the same noisy latent. Each text's score depends only
 * on the image, the text and the seed, not on which other texts share its batch.
 *
 * <p>Thread-safe (the extractor is); the pipeline is closed by {@link #close()} only when the
 * scorer opened it.
 */
public final class CrossAttentionScorer implements ImageTextScorer {

  private final StableDiffusionPipeline pipeline;
  private final boolean ownsPipeline;
  private final CrossAttentionScoring scoring;
  private final List<TapName> layers;
  private final List<String> attentionTaps;
  private final String noisePredTap;

  private CrossAttentionScorer(
      StableDiffusionPipeline pipeline, boolean ownsPipeline, CrossAttentionScoring scoring) {
    DiffusionFeatureExtractor extractor = pipeline.extractor();
    this.layers = CrossAttentionLayers.resolve(extractor.layout(), scoring.layers());
    for (int t : scoring.timesteps()) {
      extractor.schedule().checkTimestep(t);
    }
    TapType type =
        scoring.pooling() == CrossAttentionPooling.DISCFFUSION
            ? TapType.CROSS_LOGITS
            : TapType.CROSS_MAP;
    List<String> taps = new ArrayList<>();
    for (TapName layer : layers) {
      taps.add(CrossAttentionLayers.as(layer, type).toString());
    }
    this.attentionTaps = List.copyOf(taps);
    this.noisePredTap =
        scoring.denoisingWeight() > 0 ? TapName.model(TapType.NOISE_PRED).toString() : null;
    this.pipeline = pipeline;
    this.ownsPipeline = ownsPipeline;
    this.scoring = scoring;
  }

  /**
   * A scorer over an open pipeline, which the caller keeps and closes.
   *
   * @throws ai.taskaware.diffusion.tap.UnknownTapException listing the U-Net's taps when a layer is
   *     unknown
   * @throws ScoringInputException when a layer is not a cross-attention layer
   * @throws ai.taskaware.diffusion.schedule.TimestepOutOfRangeException for a bad timestep
   */
  public static CrossAttentionScorer over(
      StableDiffusionPipeline pipeline, CrossAttentionScoring scoring) {
    return new CrossAttentionScorer(pipeline, false, scoring);
  }

  /**
   * Opens the Stable Diffusion folder ({@link StableDiffusionPipeline#open}) for this scorer alone;
   * {@link #close()} closes it.
   *
   * @throws ai.taskaware.core.checkpoint.CheckpointException when a component is missing or
   *     malformed
   */
  public static CrossAttentionScorer open(
      Path stableDiffusionFolder, ExtractorOptions options, CrossAttentionScoring scoring) {
    StableDiffusionPipeline p = StableDiffusionPipeline.open(stableDiffusionFolder, options);
    try {
      return new CrossAttentionScorer(p, true, scoring);
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  /** The cross-attention layers read (their {@code Cross-Map} taps), in scoring order. */
  public List<TapName> layers() {
    return layers;
  }

  /** How this scorer scores. */
  public CrossAttentionScoring scoring() {
    return scoring;
  }

  /**
   * The mean score over the trials of every image against every text.
   *
   * @throws ScoringInputException when there are no images or texts, an image is null, or a text is
   *     null, blank or has no tokens
   */
  @Override
  public INDArray score(List<RgbImage> images, List<String> texts) {
    return scoreTrials(images, texts).mean();
  }

  /**
   * The score of every image against every text in every trial ({@link TrialScores#mean()} ± {@link
   * TrialScores#std()}).
   *
   * @throws ScoringInputException when there are no images or texts, an image is null, or a text is
   *     null, blank or has no tokens
   */
  public TrialScores scoreTrials(List<RgbImage> images, List<String> texts) {
    int[] contentTokens = check(images, texts);
    DiffusionFeatureExtractor extractor = pipeline.extractor();
    List<String> taps = new ArrayList<>(attentionTaps);
    if (noisePredTap != null) {
      taps.add(noisePredTap);
    }
    FeatureRequest request =
        new FeatureRequest(
            taps,
            scoring.timesteps(),
            1.0,
            0,
            null,
            0,
            false,
            scoring.textBatch(),
            ProgressListener.NONE);
    List<INDArray> latents = extractor.encodeImages(images, request);
    long[] latentShape = latents.get(0).shape();
    List<Long> seeds = scoring.seeds();
    double[] scores = new double[seeds.size() * images.size() * texts.size()];
    for (int k = 0; k < seeds.size(); k++) {
      long seed = seeds.get(k);
      INDArray noise = noisePredTap == null ? null : GaussianNoise.sample(seed, latentShape);
      for (int i = 0; i < images.size(); i++) {
        for (int start = 0; start < texts.size(); start += scoring.textBatch()) {
          int end = Math.min(texts.size(), start + scoring.textBatch());
          List<String> chunk = texts.subList(start, end);
          Pooled[] pooled = new Pooled[chunk.size()];
          for (int r = 0; r < chunk.size(); r++) {
            pooled[r] = new Pooled(contentTokens[start + r]);
          }
          // One timestep per run keeps only one timestep's maps of a batch in memory.
          for (int t : scoring.timesteps()) {
            DiffusionFeatures features =
                extractor.extractFromLatents(
                    List.of(latents.get(i)),
                    List.of(chunk),
                    request.withTimesteps(t).withNoiseSeed(seed).withBatchSize(chunk.size()));
            for (int r = 0; r < chunk.size(); r++) {
              pooled[r].add(features, t, r, latentShape, noise);
            }
          }
          for (int r = 0; r < chunk.size(); r++) {
            scores[(k * images.size() + i) * texts.size() + start + r] = pooled[r].score();
          }
        }
      }
    }
    return new TrialScores(
        seeds, Nd4j.create(scores, new long[] {seeds.size(), images.size(), texts.size()}, 'c'));
  }

  /** Content-token counts of the texts after checking the inputs. */
  private int[] check(List<RgbImage> images, List<String> texts) {
    if (images == null || images.isEmpty()) {
      throw new ScoringInputException("images", "at least one image is needed");
    }
    for (int i = 0; i < images.size(); i++) {
      if (images.get(i) == null) {
        throw new ScoringInputException("images[" + i + "]", "is null");
      }
    }
    if (texts == null || texts.isEmpty()) {
      throw new ScoringInputException("texts", "at least one candidate text is needed");
    }
    int[] tokens = new int[texts.size()];
    for (int j = 0; j < texts.size(); j++) {
      String text = texts.get(j);
      if (text == null || text.isBlank()) {
        throw new ScoringInputException(
            "texts[" + j + "]", "a non-blank text is needed, got " + WordTokens.quote(text));
      }
      tokens[j] = WordTokens.contentTokens(pipeline.tokenizer(), text);
      if (tokens[j] == 0) {
        throw new ScoringInputException(
            "texts[" + j + "]", WordTokens.quote(text) + " has no tokens");
      }
    }
    return tokens;
  }

  /** Row {@code r} of {@code value} as a c-ordered float array. */
  private static float[] row(INDArray value, int r) {
    return value
        .get(NDArrayIndex.interval(r, r + 1))
        .castTo(DataType.FLOAT)
        .dup('c')
        .data()
        .asFloat();
  }

  /** One text's pooling, accumulated over timesteps. */
  private final class Pooled {
    private final int tokens;
    private int gridH;
    private int gridW;

    /** Paper: the head-mean maps summed over layers and timesteps, (grid pixel, token). */
    private double[] summedMaps;

    /** DiscFFusion: the sum over layers and timesteps of each layer's pooled logits. */
    private double logitSum;

    /** The sum over timesteps of mean((ε̂ − ε)²). */
    private double errorSum;

    Pooled(int tokens) {
      this.tokens = tokens;
    }

    void add(DiffusionFeatures features, int t, int r, long[] latentShape, INDArray noise) {
      if (scoring.pooling() == CrossAttentionPooling.DISCFFUSION) {
        for (String tap : attentionTaps) {
          logitSum += logitPooling(features.get(tap, t), r);
        }
      } else {
        addMaps(features, t, r, (int) latentShape[2], (int) latentShape[3]);
      }
      if (noise != null) {
        errorSum += squaredError(features.get(noisePredTap, t), r, noise);
      }
    }

    double score() {
      int steps = scoring.timesteps().size();
      double s;
      if (scoring.pooling() == CrossAttentionPooling.DISCFFUSION) {
        s = logitSum / ((double) steps * attentionTaps.size());
      } else {
        int gridPixels = gridH * gridW;
        double[] perPixel = new double[gridPixels];
        double total = 0;
        for (int j = 0; j < tokens; j++) {
          for (int p = 0; p < gridPixels; p++) {
            perPixel[p] = summedMaps[p * tokens + j];
          }
          total += logSumExp(perPixel, 0, gridPixels);
        }
        s = total / tokens;
      }
      return noisePredTap == null ? s : s - scoring.denoisingWeight() * errorSum / steps;
    }

    /**
     * Adds the head-mean maps of every layer at timestep t, brought to the finest layer's grid by
     * nearest neighbour, restricted to the text's own tokens (positions 1..tokens).
     */
    private void addMaps(DiffusionFeatures features, int t, int r, int latentH, int latentW) {
      if (summedMaps == null) {
        long finest = 0;
        for (String tap : attentionTaps) {
          finest = Math.max(finest, features.get(tap, t).size(2));
        }
        int[] grid = TokenGrid.levelSize(finest, latentH, latentW);
        gridH = grid[0];
        gridW = grid[1];
        summedMaps = new double[gridH * gridW * tokens];
      }
      for (String tap : attentionTaps) {
        INDArray value = features.get(tap, t);
        int heads = (int) value.size(1);
        int pixels = (int) value.size(2);
        int positions = (int) value.size(3);
        int[] hw = TokenGrid.levelSize(pixels, latentH, latentW);
        float[] maps = row(value, r);
        for (int y = 0; y < gridH; y++) {
          int sy = (int) ((long) y * hw[0] / gridH);
          for (int x = 0; x < gridW; x++) {
            int src = sy * hw[1] + (int) ((long) x * hw[1] / gridW);
            int dst = (y * gridW + x) * tokens;
            for (int j = 0; j < tokens; j++) {
              double headSum = 0;
              for (int h = 0; h < heads; h++) {
                headSum += maps[((h * pixels) + src) * positions + 1 + j];
              }
              summedMaps[dst + j] += headSum / heads;
            }
          }
        }
      }
    }
  }

  /** {@code mean_{h,p} log Σ_j exp(Z[h, p, j])} of row r of one layer's logits. */
  private static double logitPooling(INDArray value, int r) {
    int rows = (int) (value.size(1) * value.size(2));
    int positions = (int) value.size(3);
    double[] logits = new double[positions];
    float[] z = row(value, r);
    double sum = 0;
    for (int q = 0; q < rows; q++) {
      for (int j = 0; j < positions; j++) {
        logits[j] = z[q * positions + j];
      }
      sum += logSumExp(logits, 0, positions);
    }
    return sum / rows;
  }

  /** {@code mean((ε̂ − ε)²)} of row r. */
  private static double squaredError(INDArray noisePred, int r, INDArray noise) {
    float[] eps = noise.castTo(DataType.FLOAT).dup('c').data().asFloat();
    float[] predicted = row(noisePred, r);
    double ss = 0;
    for (int e = 0; e < eps.length; e++) {
      double d = (double) predicted[e] - eps[e];
      ss += d * d;
    }
    return ss / eps.length;
  }

  /** {@code log Σ exp(x[from..to))}, shifted by the maximum. */
  static double logSumExp(double[] x, int from, int to) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = from; i < to; i++) {
      max = Math.max(max, x[i]);
    }
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += Math.exp(x[i] - max);
    }
    return max + Math.log(sum);
  }

  @Override
  public String name() {
    return scoring.pooling().scorerName();
  }

  /** Closes the pipeline when this scorer opened it. */
  @Override
  public void close() {
    if (ownsPipeline) {
      pipeline.close();
    }
  }
}
