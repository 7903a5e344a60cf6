package ai.taskaware.core.image;

/**
 * Resizes {@link RgbImage}s with results identical to Pillow 9.4's {@code Image.resize(size,
 * resample)} over the whole image (no box, no {@code reducing_gap}).
 *
 * <p>{@link Resampling#NEAREST} follows Pillow's affine nearest-neighbour scaling (Geometry.c): the
 * source coordinate of output column x is {@code floor(s/2 + x·s)} with s = in/out accumulated in
 * double precision. The other filters follow Resample.c: separable convolution, horizontal pass
 * first into an 8-bit intermediate image (only the rows the vertical pass reads), then the vertical
 * pass; kernel weights are normalised per output pixel, converted to fixed point with 22 fractional
 * bits and rounded away from zero, and sums are rounded by adding half before the shift.
 */
public final class ImageResampler {
  private static final int PRECISION_BITS = 32 - 8 - 2;
  private static final int HALF = 1 << (PRECISION_BITS - 1);
  private static final int C = RgbImage.CHANNELS;

  private ImageResampler() {}

  /**
   * Resizes {@code image} to {@code width} × {@code height}.
   *
   * @param image the source image
   * @param width output width, at least 1
   * @param height output height, at least 1
   * @param resampling the filter
   * @return the resized image ({@code image} itself when the size is unchanged, as Pillow copies)
   * @throws IllegalArgumentException if a size is not positive or an argument is null
   */
  public static RgbImage resize(RgbImage image, int width, int height, Resampling resampling) {
    if (image == null) {
      throw new IllegalArgumentException("image must not be null");
    }
    if (resampling == null) {
      throw new IllegalArgumentException("resampling must not be null");
    }
    RgbImage.requirePositive("width", width);
    RgbImage.requirePositive("height", height);
    if (width == image.width() && height == image.height()) {
      return image;
    }
    if (resampling == Resampling.NEAREST) {
      return nearest(image, width, height);
    }
    return convolve(image, width, height, resampling);
  }

  private static RgbImage nearest(RgbImage image, int width, int height) {
    int[] columns = nearestSources(image.width(), width);
    int[] rows = nearestSources(image.height(), height);
    byte[] in = image.pixels();
    byte[] out = new byte[width * height * C];
    for (int y = 0; y < height; y++) {
      if (rows[y] < 0) {
        continue;
      }
      int rowStart = rows[y] * image.width();
      int o = y * width * C;
      for (int x = 0; x < width; x++, o += C) {
        if (columns[x] >= 0) {
          System.arraycopy(in, (rowStart + columns[x]) * C, out, o, C);
        }
      }
    }
    return new RgbImage(out, width, height);
  }

  /**
   * Source index per output index, or −1 where Pillow leaves the (zero-filled) output untouched.
   * The running sum reproduces Pillow's accumulated rounding error on purpose.
   */
  static int[] nearestSources(int inSize, int outSize) {
    double step = (double) (float) inSize / outSize;
    double position = step * 0.5;
    int[] sources = new int[outSize];
    for (int i = 0; i < outSize; i++) {
      int source = position < 0.0 ? -1 : (int) position;
      sources[i] = source < inSize ? source : -1;
      position += step;
    }
    return sources;
  }

  /** Per output index: first source index, number of taps, and fixed-point weights. */
  record Taps(int[] first, int[] count, int[] weights, int stride) {}

  static Taps taps(int inSize, int outSize, Resampling resampling) {
    double scale = (double) (float) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = resampling.support() * filterScale;
    int stride = (int) Math.ceil(support) * 2 + 1;
    int[] first = new int[outSize];
    int[] count = new int[outSize];
    int[] weights = new int[outSize * stride];
    double[] k = new double[stride];
    double inverse = 1.0 / filterScale;
    for (int i = 0; i < outSize; i++) {
      double center = (i + 0.5) * scale;
      int min = Math.max((int) (center - support + 0.5), 0);
      int max = Math.min((int) (center + support + 0.5), inSize) - min;
      double sum = 0.0;
      for (int t = 0; t < max; t++) {
        k[t] = resampling.kernel((t + min - center + 0.5) * inverse);
        sum += k[t];
      }
      for (int t = 0; t < max; t++) {
        double w = sum != 0.0 ? k[t] / sum : k[t];
        double fixed = w * (1 << PRECISION_BITS);
        weights[i * stride + t] = (int) (w < 0 ? fixed - 0.5 : fixed + 0.5);
      }
      first[i] = min;
      count[i] = max;
    }
    return new Taps(first, count, weights, stride);
  }

  private static RgbImage convolve(RgbImage image, int width, int height, Resampling resampling) {
    Taps vertical = taps(image.height(), height, resampling);
    byte[] source = image.pixels();
    int sourceWidth = image.width();
    int rowOffset = 0;
    if (width != image.width()) {
      // Only the source rows the vertical pass will read are resampled horizontally.
      int firstRow = vertical.first()[0];
      int lastRow = vertical.first()[height - 1] + vertical.count()[height - 1];
      source =
          horizontal(
              source, sourceWidth, firstRow, lastRow, taps(sourceWidth, width, resampling), width);
      sourceWidth = width;
      rowOffset = firstRow;
      if (height == image.height()) {
        return new RgbImage(source, width, height);
      }
    }
    return new RgbImage(vertical(source, sourceWidth, rowOffset, vertical, height), width, height);
  }

  private static byte[] horizontal(
      byte[] in, int inWidth, int firstRow, int lastRow, Taps taps, int outWidth) {
    byte[] out = new byte[(lastRow - firstRow) * outWidth * C];
    int[] weights = taps.weights();
    int o = 0;
    for (int y = firstRow; y < lastRow; y++) {
      int rowStart = y * inWidth;
      for (int x = 0; x < outWidth; x++) {
        int r = HALF;
        int g = HALF;
        int b = HALF;
        int w = x * taps.stride();
        int p = (rowStart + taps.first()[x]) * C;
        for (int t = 0, n = taps.count()[x]; t < n; t++, w++, p += C) {
          int weight = weights[w];
          r += (in[p] & 0xFF) * weight;
          g += (in[p + 1] & 0xFF) * weight;
          b += (in[p + 2] & 0xFF) * weight;
        }
        out[o++] = clip8(r);
        out[o++] = clip8(g);
        out[o++] = clip8(b);
      }
    }
    return out;
  }

  private static byte[] vertical(byte[] in, int width, int rowOffset, Taps taps, int outHeight) {
    byte[] out = new byte[outHeight * width * C];
    int[] weights = taps.weights();
    int rowBytes = width * C;
    int o = 0;
    for (int y = 0; y < outHeight; y++) {
      int start = (taps.first()[y] - rowOffset) * rowBytes;
      int n = taps.count()[y];
      int w0 = y * taps.stride();
      for (int i = 0; i < rowBytes; i++) {
        int sum = HALF;
        for (int t = 0, p = start + i; t < n; t++, p += rowBytes) {
          sum += (in[p] & 0xFF) * weights[w0 + t];
        }
        out[o++] = clip8(sum);
      }
    }
    return out;
  }

  private static byte clip8(int fixed) {
    int v = fixed >> PRECISION_BITS;
    return (byte) (v < 0 ? 0 : Math.min(v, 255));
  }
}
