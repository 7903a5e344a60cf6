package ai.taskaware.core.image;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Turns {@link RgbImage}s into the float32 NCHW batches vision models take. */
public final class PixelTensors {
  private PixelTensors() {}

  /**
   * One image as a [1, 3, H, W] float32 array.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public static INDArray toNchw(RgbImage image, PixelNormalization normalization) {
    if (image == null) {
      throw new IllegalArgumentException("image must not be null");
    }
    return toNchw(List.of(image), normalization);
  }

  /**
   * Same-sized images as an [N, 3, H, W] float32 array, each value {@link PixelNormalization}
   * applied to the raw 0..255 value.
   *
   * @throws IllegalArgumentException if the list is empty, holds null or images of different sizes
   */
  public static INDArray toNchw(List<RgbImage> images, PixelNormalization normalization) {
    if (images == null || images.isEmpty()) {
      throw new IllegalArgumentException("images must hold at least one image");
    }
    if (normalization == null) {
      throw new IllegalArgumentException("normalization must not be null");
    }
    RgbImage first = images.get(0);
    if (first == null) {
      throw new IllegalArgumentException("images[0] must not be null");
    }
    int width = first.width();
    int height = first.height();
    int plane = width * height;
    float[] data = new float[images.size() * RgbImage.CHANNELS * plane];
    for (int n = 0; n < images.size(); n++) {
      RgbImage image = images.get(n);
      if (image == null || image.width() != width || image.height() != height) {
        throw new IllegalArgumentException(
            "images["
                + n
                + "] is "
                + image
                + " but images[0] is "
                + width
                + "x"
                + height
                + ": a batch needs images of one size");
      }
      byte[] hwc = image.pixels();
      int base = n * RgbImage.CHANNELS * plane;
      for (int p = 0; p < plane; p++) {
        for (int c = 0; c < RgbImage.CHANNELS; c++) {
          data[base + c * plane + p] =
              normalization.apply(hwc[p * RgbImage.CHANNELS + c] & 0xFF, c);
        }
      }
    }
    return Nd4j.create(data, new long[] {images.size(), RgbImage.CHANNELS, height, width}, 'c');
  }
}
