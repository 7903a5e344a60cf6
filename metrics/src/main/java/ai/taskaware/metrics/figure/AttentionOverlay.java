package ai.taskaware.metrics.figure;

import ai.taskaware.core.image.RgbImage;
import ai.taskaware.metrics.MetricInputException;

/**
 * An attention map (a grid of weights, e.g. one head's attention from a query token to the image
 * tokens reshaped to the token grid) drawn over its image. Each image pixel takes the weight of the
 * grid cell it falls in (nearest neighbour: cell {@code floor(x·columns/width)}, {@code
 * floor(y·rows/height)}), the weight is coloured with {@link Colormap#VIRIDIS} and blended as
 * {@code round((1 − alpha)·image + alpha·colour)} per channel.
 */
public final class AttentionOverlay {
  private AttentionOverlay() {}

  /**
   * Overlays {@code attention} min–max scaled over the map (a constant map shows as the colormap's
   * low end).
   *
   * @param image the image the attention refers to
   * @param attention weights, rows × columns of the token grid
   * @param alpha weight of the heatmap colour, in [0, 1]
   * @throws MetricInputException if the map is empty, ragged or not finite or alpha is outside [0,
   *     1]
   */
  public static RgbImage render(RgbImage image, double[][] attention, double alpha) {
    requireGrid(attention);
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (double[] row : attention) {
      for (double v : row) {
        low = Math.min(low, v);
        high = Math.max(high, v);
      }
    }
    return render(image, attention, alpha, low, high);
  }

  /**
   * Overlays {@code attention} scaled so that {@code low} and {@code high} are the colormap's ends
   * (values outside are clamped); a fixed range makes colours comparable across images.
   *
   * @throws MetricInputException as {@link #render(RgbImage, double[][], double)}, or if {@code
   *     high < low}
   */
  public static RgbImage render(
      RgbImage image, double[][] attention, double alpha, double low, double high) {
    if (image == null) {
      throw new MetricInputException("attention overlay: image is null");
    }
    requireGrid(attention);
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new MetricInputException("attention overlay: alpha must be in [0, 1], got " + alpha);
    }
    if (!(Double.isFinite(low) && Double.isFinite(high) && low <= high)) {
      throw new MetricInputException(
          "attention overlay: expected a finite range low <= high, got ["
              + low
              + ", "
              + high
              + "]");
    }
    int rows = attention.length;
    int columns = attention[0].length;
    int width = image.width();
    int height = image.height();
    byte[] hwc = image.toHwcBytes();
    double span = high - low;
    for (int y = 0; y < height; y++) {
      double[] weights = attention[(int) ((long) y * rows / height)];
      for (int x = 0; x < width; x++) {
        double v = weights[(int) ((long) x * columns / width)];
        int colour = Colormap.VIRIDIS.rgb(span == 0 ? 0 : (v - low) / span);
        int i = (y * width + x) * RgbImage.CHANNELS;
        for (int c = 0; c < RgbImage.CHANNELS; c++) {
          int heat = (colour >> (16 - 8 * c)) & 0xFF;
          int base = hwc[i + c] & 0xFF;
          hwc[i + c] = (byte) Math.round((1 - alpha) * base + alpha * heat);
        }
      }
    }
    return new RgbImage(width, height, hwc);
  }

  private static void requireGrid(double[][] attention) {
    if (attention == null
        || attention.length == 0
        || attention[0] == null
        || attention[0].length == 0) {
      throw new MetricInputException("attention overlay: the attention map is empty");
    }
    for (int r = 0; r < attention.length; r++) {
      if (attention[r] == null || attention[r].length != attention[0].length) {
        throw new MetricInputException(
            "attention overlay: row "
                + r
                + " of the attention map has "
                + (attention[r] == null ? "no" : attention[r].length)
                + " values, expected "
                + attention[0].length);
      }
      for (int c = 0; c < attention[r].length; c++) {
        if (!Double.isFinite(attention[r][c])) {
          throw new MetricInputException(
              "attention overlay: weight ["
                  + r
                  + ", "
                  + c
                  + "] is "
                  + attention[r][c]
                  + ", expected a finite number");
        }
      }
    }
  }
}
