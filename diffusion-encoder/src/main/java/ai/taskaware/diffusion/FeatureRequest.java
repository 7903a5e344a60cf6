package ai.taskaware.diffusion;

import ai.taskaware.core.model.ProgressListener;
import java.util.List;

/**
 * What to extract.
 *
 * @param taps tap names in any spelling (paper, generic, diffusers path)
 * @param timesteps U-Net timesteps, each in {@code [0, num_train_timesteps)}
 * @param guidanceScale s in {@code X_u + s·(X_c − X_u)}: 0 unconditional (no conditional pass), 1
 *     conditional, above 1 amplified
 * @param noiseSeed seed of the noise ε added to the latents ({@link
 *     ai.taskaware.diffusion.schedule.GaussianNoise}); one ε per call, shared by every image,
 *     prompt and timestep
 * @param latentSampleSeed null to use the VAE's mean latent, else the seed of its sample (image i
 *     of a call draws with {@code seed + 1000003·i}, so batching does not change it)
 * @param tokenGrid side G of the token grid spatial taps are resized to (G×G), 0 for no resize
 * @param ensembleTimesteps average the features over the timesteps
 * @param batchSize most U-Net rows per run (at least one image's rows run together)
 * @param progress receives {@code "encode images"} per image and {@code "extract features"} per
 *     U-Net run
 */
public record FeatureRequest(
    List<String> taps,
    List<Integer> timesteps,
    double guidanceScale,
    long noiseSeed,
    Long latentSampleSeed,
    int tokenGrid,
    boolean ensembleTimesteps,
    int batchSize,
    ProgressListener progress) {

  /** The paper's default timestep. */
  public static final int DEFAULT_TIMESTEP = 50;

  /** The paper's token grid: 16×16 = 256 tokens. */
  public static final int DEFAULT_TOKEN_GRID = 16;

  /** Checks and copies. */
  public FeatureRequest {
    if (taps == null || taps.isEmpty()) {
      throw new IllegalArgumentException("no taps requested");
    }
    if (timesteps == null || timesteps.isEmpty()) {
      throw new IllegalArgumentException("no timesteps requested");
    }
    taps = List.copyOf(taps);
    timesteps = List.copyOf(timesteps);
    if (!Double.isFinite(guidanceScale)) {
      throw new IllegalArgumentException("guidance scale must be finite, got " + guidanceScale);
    }
    if (tokenGrid < 0) {
      throw new IllegalArgumentException("token grid must be >= 0, got " + tokenGrid);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    if (progress == null) {
      progress = ProgressListener.NONE;
    }
  }

  /**
   * {@code taps} at t = 50, conditional (s = 1), noise seed 0, mean latent, 16×16 token grid,
   * batches of 8 U-Net rows.
   */
  public static FeatureRequest of(String... taps) {
    return new FeatureRequest(
        List.of(taps),
        List.of(DEFAULT_TIMESTEP),
        1.0,
        0,
        null,
        DEFAULT_TOKEN_GRID,
        true,
        8,
        ProgressListener.NONE);
  }

  /** With these timesteps. */
  public FeatureRequest withTimesteps(Integer... t) {
    return new FeatureRequest(
        taps,
        List.of(t),
        guidanceScale,
        noiseSeed,
        latentSampleSeed,
        tokenGrid,
        ensembleTimesteps,
        batchSize,
        progress);
  }

  /** With this guidance scale. */
  public FeatureRequest withGuidanceScale(double s) {
    return new FeatureRequest(
        taps,
        timesteps,
        s,
        noiseSeed,
        latentSampleSeed,
        tokenGrid,
        ensembleTimesteps,
        batchSize,
        progress);
  }

  /** With this noise seed. */
  public FeatureRequest withNoiseSeed(long seed) {
    return new FeatureRequest(
        taps,
        timesteps,
        guidanceScale,
        seed,
        latentSampleSeed,
        tokenGrid,
        ensembleTimesteps,
        batchSize,
        progress);
  }

  /** With a sampled (non-null seed) or mean (null) VAE latent. */
  public FeatureRequest withLatentSampleSeed(Long seed) {
    return new FeatureRequest(
        taps,
        timesteps,
        guidanceScale,
        noiseSeed,
        seed,
        tokenGrid,
        ensembleTimesteps,
        batchSize,
        progress);
  }

  /** With this token grid side (0: no resize). */
  public FeatureRequest withTokenGrid(int side) {
    return new FeatureRequest(
        taps,
        timesteps,
        guidanceScale,
        noiseSeed,
        latentSampleSeed,
        side,
        ensembleTimesteps,
        batchSize,
        progress);
  }

  /** Averaging over timesteps on or off. */
  public FeatureRequest withEnsembleTimesteps(boolean ensemble) {
    return new FeatureRequest(
        taps,
        timesteps,
        guidanceScale,
        noiseSeed,
        latentSampleSeed,
        tokenGrid,
        ensemble,
        batchSize,
        progress);
  }

  /** With this batch size. */
  public FeatureRequest withBatchSize(int rows) {
    return new FeatureRequest(
        taps,
        timesteps,
        guidanceScale,
        noiseSeed,
        latentSampleSeed,
        tokenGrid,
        ensembleTimesteps,
        rows,
        progress);
  }

  /** With this progress listener. */
  public FeatureRequest withProgress(ProgressListener listener) {
    return new FeatureRequest(
        taps,
        timesteps,
        guidanceScale,
        noiseSeed,
        latentSampleSeed,
        tokenGrid,
        ensembleTimesteps,
        batchSize,
        listener);
  }
}
