package ai.taskaware.examples.itm;

import ai.taskaware.clip.ClipRuntime;
import ai.taskaware.clip.scoring.ClipScorer;
import ai.taskaware.core.checkpoint.CheckpointFingerprint;
import ai.taskaware.core.model.ImageTextScorer;
import ai.taskaware.core.provenance.Provenance;
import ai.taskaware.diffusion.ExtractorOptions;
import ai.taskaware.diffusion.itm.CrossAttentionScorer;
import ai.taskaware.diffusion.itm.CrossAttentionScoring;
import java.nio.file.Path;
import java.util.List;

/**
 * The one place image–text scorers are built from a checkpoint folder, for {@code taskaware itm},
 * {@code taskaware eval} and the demo: CLIP ({@link ClipScorer}) or Stable Diffusion's
 * cross-attention ({@link CrossAttentionScorer} with the paper's or DiscFFusion's pooling).
 */
public final class ImageTextScorers {

  /** CLIP images or texts per tower run. */
  public static final int CLIP_BATCH = 16;

  /** The scorers. */
  public enum Kind {
    /** CLIP image–text similarity (a transformers CLIPModel folder). */
    CLIP("clip"),
    /** The paper's cross-attention pooling (a diffusers Stable Diffusion folder). */
    SD_XATTN("sd-xattn"),
    /** DiscFFusion's cross-attention pooling (a diffusers Stable Diffusion folder). */
    SD_DISCFFUSION("sd-discffusion");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The command-line name. */
    public String label() {
      return label;
    }

    /** Whether the scorer reads a Stable Diffusion folder (else a CLIP folder). */
    public boolean stableDiffusion() {
      return this != CLIP;
    }

    @Override
    public String toString() {
      return label;
    }

    /**
     * The kind labelled {@code label}.
     *
     * @throws IllegalArgumentException listing the labels otherwise
     */
    public static Kind of(String label) {
      for (Kind k : values()) {
        if (k.label.equals(label)) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          "expected clip, sd-xattn or sd-discffusion, got '" + label + "'");
    }
  }

  private ImageTextScorers() {}

  /**
   * Opens a scorer of {@code kind} on {@code folder}.
   *
   * @param runtime ONNX Runtime options and graph cache of every session
   * @param timesteps the SD scorers' timesteps, or null for the pooling's defaults (the paper's
   *     189, 389, 589, 789, 989)
   * @param seeds the SD scorers' noise trials, or null for the pooling's defaults
   */
  public static ImageTextScorer open(
      Kind kind, Path folder, ClipRuntime runtime, List<Integer> timesteps, List<Long> seeds) {
    if (kind == Kind.CLIP) {
      return ClipScorer.open(folder, runtime, CLIP_BATCH);
    }
    CrossAttentionScoring scoring =
        kind == Kind.SD_XATTN ? CrossAttentionScoring.paper() : CrossAttentionScoring.discFFusion();
    if (timesteps != null) {
      scoring = scoring.withTimesteps(timesteps.toArray(Integer[]::new));
    }
    if (seeds != null) {
      scoring = scoring.withSeeds(seeds.toArray(Long[]::new));
    }
    return CrossAttentionScorer.open(
        folder,
        new ExtractorOptions(runtime.runtime(), runtime.cache().orElse(null), 0, null),
        scoring);
  }

  /** {@code provenance} with the fingerprint of the checkpoint a {@code kind} scorer reads. */
  public static Provenance withCheckpoint(Provenance provenance, Kind kind, Path folder) {
    return kind == Kind.CLIP
        ? provenance.withCheckpoint("clip", CheckpointFingerprint.of(folder))
        : provenance.withCheckpoint(
            "stable_diffusion_unet", CheckpointFingerprint.of(folder.resolve("unet")));
  }
}
