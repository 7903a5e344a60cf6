package ai.taskaware.core.model;

import ai.taskaware.core.image.RgbImage;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns images into visual tokens for a language model, optionally conditioned on a prompt per
 * image (the paper's task-aware encoding: the U-Net sees the question). Encoders that ignore text
 * (CLIP) accept and ignore prompts.
 *
 * <p>Implementations are thread-safe and own native resources: close them.
 */
public interface VisualEncoder extends AutoCloseable {

  /**
   * Encodes a batch of images.
   *
   * @param images the images
   * @param prompts one prompt per image, or an empty list for unconditional encoding; an empty
   *     string is the unconditional prompt for that image
   * @return tokens of shape {@code (images.size(), tokenCount(), featureSize())}, float32
   * @throws IllegalArgumentException when {@code prompts} is neither empty nor of the same size as
   *     {@code images}
   */
  INDArray encode(List<RgbImage> images, List<String> prompts);

  /** Number of visual tokens per image (e.g. 256 for a 16×16 grid, 576 for CLIP ViT-L/14-336). */
  int tokenCount();

  /** Channels per visual token. */
  int featureSize();

  @Override
  void close();
}
