package ai.taskaware.diffusion.vae;

import ai.taskaware.core.checkpoint.CheckpointFingerprint;
import ai.taskaware.core.checkpoint.config.AutoencoderKLConfig;
import ai.taskaware.core.runtime.GraphSessions;
import ai.taskaware.core.runtime.OnnxModelCache;
import ai.taskaware.core.runtime.OnnxSession;
import ai.taskaware.core.runtime.RuntimeOptions;
import ai.taskaware.diffusion.schedule.GaussianNoise;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The VAE encoder of a diffusers {@code vae/} folder on ONNX Runtime: pixels → latent moments → the
 * latent the U-Net sees ({@code mean} or a seeded sample, times {@code scaling_factor}, minus
 * {@code shift_factor} first when the config has one). Thread-safe; owns one session.
 */
public final class VaeEncoder implements AutoCloseable {

  /** Graph-changing options, part of the cache key. */
  static final String CACHE_OPTIONS = "vae-encoder/v1";

  private final AutoencoderKLConfig config;
  private final OnnxSession session;

  private VaeEncoder(AutoencoderKLConfig config, OnnxSession session) {
    this.config = config;
    this.session = session;
  }

  /**
   * Opens {@code vaeFolder}, building the encoder graph (or loading it from {@code cache}).
   *
   * @param cache the ONNX cache, or null to build in memory
   * @throws ai.taskaware.core.checkpoint.CheckpointException for an unsupported config or missing
   *     or mis-shaped weights
   */
  public static VaeEncoder open(Path vaeFolder, RuntimeOptions runtime, OnnxModelCache cache) {
    try (VaeEncoderCheckpoint checkpoint = VaeEncoderCheckpoint.open(vaeFolder)) {
      String fingerprint = cache == null ? "" : CheckpointFingerprint.of(vaeFolder);
      OnnxSession session =
          GraphSessions.open(
              () -> VaeEncoderGraph.build(checkpoint), fingerprint, CACHE_OPTIONS, runtime, cache);
      return new VaeEncoder(checkpoint.config(), session);
    }
  }

  /** The VAE config. */
  public AutoencoderKLConfig config() {
    return config;
  }

  /**
   * The latent distribution of {@code pixelValues} (float32 B×C×H×W in [−1, 1]), unscaled.
   *
   * @throws ai.taskaware.core.runtime.OnnxSessionException when the input does not fit the graph
   */
  public LatentMoments moments(INDArray pixelValues) {
    Map<String, INDArray> out =
        session.run(
            Map.of(VaeEncoderGraph.PIXEL_VALUES, pixelValues),
            Set.of(VaeEncoderGraph.LATENT_MEAN, VaeEncoderGraph.LATENT_LOGVAR));
    return new LatentMoments(
        out.get(VaeEncoderGraph.LATENT_MEAN), out.get(VaeEncoderGraph.LATENT_LOGVAR));
  }

  /**
   * The scaled latent of {@code pixelValues}: the mean when {@code seed} is null, else {@code mean
   * + exp(½·logvar)·ε} with ε from {@link GaussianNoise#sample(long, long...)}; then {@code (latent
   * − shift_factor)·scaling_factor}.
   */
  public INDArray latents(INDArray pixelValues, Long seed) {
    return scale(moments(pixelValues), seed);
  }

  /** As {@link #latents}, from moments already computed. */
  public INDArray scale(LatentMoments moments, Long seed) {
    INDArray latent = moments.mean().dup();
    if (seed != null) {
      INDArray std = Transforms.exp(moments.logvar().mul(0.5), true);
      latent.addi(std.muli(GaussianNoise.sample(seed, latent.shape())));
    }
    if (config.shiftFactor() != null) {
      latent.subi(config.shiftFactor());
    }
    return latent.muli((float) config.scalingFactor());
  }

  /** Closes the session. */
  @Override
  public void close() {
    session.close();
  }

  /**
   * The VAE's latent distribution, unscaled.
   *
   * @param mean B×latent×h×w
   * @param logvar B×latent×h×w, clamped to [−30, 20]
   */
  public record LatentMoments(INDArray mean, INDArray logvar) {}
}
