package ai.taskaware.diffusion.vae;

import ai.taskaware.core.image.ImageResampler;
import ai.taskaware.core.image.PixelNormalization;
import ai.taskaware.core.image.PixelTensors;
import ai.taskaware.core.image.Resampling;
import ai.taskaware.core.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stable Diffusion's image preprocessing: a Pillow-exact LANCZOS resize to {@code size × size}
 * (aspect ratio not kept, as the paper's pipeline does) then {@code x/127.5 − 1}.
 */
public final class StableDiffusionPixels {
  private StableDiffusionPixels() {}

  /**
   * The images as a float32 [N, 3, size, size] tensor in [−1, 1].
   *
   * @throws IllegalArgumentException when {@code images} is empty or holds null, or {@code size <
   *     1}
   */
  public static INDArray of(List<RgbImage> images, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("image size must be >= 1, got " + size);
    }
    if (images == null || images.isEmpty()) {
      throw new IllegalArgumentException("no images given");
    }
    List<RgbImage> resized = new ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      RgbImage image = images.get(i);
      if (image == null) {
        throw new IllegalArgumentException("image " + i + " is null");
      }
      resized.add(
          image.width() == size && image.height() == size
              ? image
              : ImageResampler.resize(image, size, size, Resampling.LANCZOS));
    }
    return PixelTensors.toNchw(resized, PixelNormalization.STABLE_DIFFUSION);
  }
}
