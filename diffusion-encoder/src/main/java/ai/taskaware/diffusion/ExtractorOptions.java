package ai.taskaware.diffusion;

import ai.taskaware.core.runtime.OnnxModelCache;
import ai.taskaware.core.runtime.RuntimeOptions;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How a {@link DiffusionFeatureExtractor} is opened.
 *
 * @param runtime ONNX Runtime options of every session
 * @param cache where built graphs are cached on disk, or null to build them in memory
 * @param imageSize side the images are resized to; 0 for the U-Net's {@code sample_size} times the
 *     VAE's downsampling (512 for SD2.1-base)
 * @param unconditionalEmbedding the text embedding (S×D or 1×S×D) used for the prompt {@code ""}
 *     when no text encoder is given; null for zeros of 77 × {@code cross_attention_dim}. With a
 *     text encoder it is ignored: the encoder's output for {@code ""} is used.
 */
public record ExtractorOptions(
    RuntimeOptions runtime, OnnxModelCache cache, int imageSize, INDArray unconditionalEmbedding) {

  /** Checks the values. */
  public ExtractorOptions {
    if (runtime == null) {
      throw new IllegalArgumentException("runtime options must not be null");
    }
    if (imageSize < 0) {
      throw new IllegalArgumentException("imageSize must be >= 0, got " + imageSize);
    }
  }

  /** CPU, no disk cache, default image size, zero unconditional embedding. */
  public static ExtractorOptions defaults() {
    return new ExtractorOptions(RuntimeOptions.cpu(), null, 0, null);
  }

  /** These options with the given cache. */
  public ExtractorOptions withCache(OnnxModelCache newCache) {
    return new ExtractorOptions(runtime, newCache, imageSize, unconditionalEmbedding);
  }

  /** These options with the given image size. */
  public ExtractorOptions withImageSize(int size) {
    return new ExtractorOptions(runtime, cache, size, unconditionalEmbedding);
  }

  /** These options with the given unconditional embedding. */
  public ExtractorOptions withUnconditionalEmbedding(INDArray embedding) {
    return new ExtractorOptions(runtime, cache, imageSize, embedding);
  }
}
