package ai.taskaware.core.image;

/**
 * The crops, pads and aspect-preserving resizes of the Hugging Face / LLaVA preprocessing
 * pipelines, with their integer rounding reproduced exactly.
 */
public final class ImageGeometry {
  private ImageGeometry() {}

  /**
   * Crops the centre {@code width} × {@code height} region, with top = (H − height) // 2 and left =
   * (W − width) // 2 as transformers' {@code center_crop} does.
   *
   * @throws IllegalArgumentException if a size is not positive or larger than the image
   */
  public static RgbImage centerCrop(RgbImage image, int width, int height) {
    requireImage(image);
    RgbImage.requirePositive("width", width);
    RgbImage.requirePositive("height", height);
    if (width > image.width()) {
      throw new IllegalArgumentException(
          "width " + width + " exceeds the image width " + image.width());
    }
    if (height > image.height()) {
      throw new IllegalArgumentException(
          "height " + height + " exceeds the image height " + image.height());
    }
    int top = (image.height() - height) / 2;
    int left = (image.width() - width) / 2;
    byte[] in = image.pixels();
    byte[] out = new byte[width * height * RgbImage.CHANNELS];
    int rowBytes = width * RgbImage.CHANNELS;
    for (int y = 0; y < height; y++) {
      int from = ((top + y) * image.width() + left) * RgbImage.CHANNELS;
      System.arraycopy(in, from, out, y * rowBytes, rowBytes);
    }
    return new RgbImage(out, width, height);
  }

  /**
   * LLaVA's {@code expand2square}: pads the shorter side with {@code fillRgb} to a square of the
   * longer side, the image pasted at ((S − W) // 2, (S − H) // 2).
   *
   * @param fillRgb three values in 0..255
   * @return the padded image, or {@code image} itself when it is already square
   * @throws IllegalArgumentException if {@code fillRgb} is not three values in 0..255
   */
  public static RgbImage padToSquare(RgbImage image, int[] fillRgb) {
    requireImage(image);
    if (fillRgb == null || fillRgb.length != RgbImage.CHANNELS) {
      throw new IllegalArgumentException("fillRgb must hold 3 values (red, green, blue)");
    }
    for (int value : fillRgb) {
      if (value < 0 || value > 255) {
        throw new IllegalArgumentException("fillRgb values must be in 0..255, got " + value);
      }
    }
    int side = Math.max(image.width(), image.height());
    if (image.width() == image.height()) {
      return image;
    }
    byte[] out = new byte[side * side * RgbImage.CHANNELS];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) fillRgb[i % RgbImage.CHANNELS];
    }
    int left = (side - image.width()) / 2;
    int top = (side - image.height()) / 2;
    int rowBytes = image.width() * RgbImage.CHANNELS;
    for (int y = 0; y < image.height(); y++) {
      int to = ((top + y) * side + left) * RgbImage.CHANNELS;
      System.arraycopy(image.pixels(), y * rowBytes, out, to, rowBytes);
    }
    return new RgbImage(out, side, side);
  }

  /**
   * Resizes so the shorter side becomes {@code shortest}, as CLIPImageProcessor does with {@code
   * size={"shortest_edge": n}}: the long side becomes {@code int(shortest * long / short)}
   * (transformers' {@code get_resize_output_image_size}, truncating), and a square image becomes
   * {@code shortest} × {@code shortest}.
   *
   * @throws IllegalArgumentException if {@code shortest} is not positive or an argument is null
   */
  public static RgbImage resizeShortestEdge(RgbImage image, int shortest, Resampling resampling) {
    requireImage(image);
    RgbImage.requirePositive("shortest", shortest);
    int[] size = shortestEdgeSize(image.width(), image.height(), shortest);
    return ImageResampler.resize(image, size[0], size[1], resampling);
  }

  /** {width, height} after scaling the shorter of {@code width}, {@code height} to shortest. */
  static int[] shortestEdgeSize(int width, int height, int shortest) {
    boolean portrait = width <= height;
    int shortSide = portrait ? width : height;
    int longSide = portrait ? height : width;
    // Python's int(a * b / c): exact product, correctly rounded true division, truncation.
    int newLong = (int) ((double) ((long) shortest * longSide) / shortSide);
    return portrait ? new int[] {shortest, newLong} : new int[] {newLong, shortest};
  }

  private static void requireImage(RgbImage image) {
    if (image == null) {
      throw new IllegalArgumentException("image must not be null");
    }
  }
}
