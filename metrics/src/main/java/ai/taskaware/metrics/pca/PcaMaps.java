package ai.taskaware.metrics.pca;

import ai.taskaware.core.image.ImageResampler;
import ai.taskaware.core.image.Resampling;
import ai.taskaware.core.image.RgbImage;
import ai.taskaware.metrics.MetricInputException;
import ai.taskaware.metrics.figure.PngFile;
import java.nio.file.Path;
import java.util.List;

/**
 * The result of a {@link FeatureMapPca}: the basis, each map's projection onto it and the RGB
 * images. Colour channel k shows component k min–max scaled to [0, 1] over the tokens of all maps
 * of the set, so colours compare across the maps; a component with no spread at all (input of rank
 * below 3) is shown as 0.
 */
public final class PcaMaps {
  /** Ranges at or below this fraction of the widest component's range count as no spread. */
  private static final double NO_SPREAD = 1e-12;

  private final double[] mean;
  private final double[][] components;
  private final double[] singularValues;
  private final double[][] scores;
  private final int[] offsets;
  private final int[] heights;
  private final int[] widths;
  private final double[] low = new double[FeatureMapPca.COMPONENTS];
  private final double[] range = new double[FeatureMapPca.COMPONENTS];

  PcaMaps(
      double[] mean,
      double[][] components,
      double[] singularValues,
      double[][] scores,
      List<FeatureMap> maps) {
    this.mean = mean;
    this.components = components;
    this.singularValues = singularValues;
    this.scores = scores;
    this.offsets = new int[maps.size() + 1];
    this.heights = new int[maps.size()];
    this.widths = new int[maps.size()];
    for (int i = 0; i < maps.size(); i++) {
      heights[i] = maps.get(i).height();
      widths[i] = maps.get(i).width();
      offsets[i + 1] = offsets[i] + heights[i] * widths[i];
    }
    double widest = 0;
    for (int k = 0; k < FeatureMapPca.COMPONENTS; k++) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (double[] token : scores) {
        lo = Math.min(lo, token[k]);
        hi = Math.max(hi, token[k]);
      }
      low[k] = lo;
      range[k] = hi - lo;
      widest = Math.max(widest, range[k]);
    }
    for (int k = 0; k < FeatureMapPca.COMPONENTS; k++) {
      if (range[k] <= NO_SPREAD * widest) {
        range[k] = 0;
      }
    }
  }

  /** Number of maps in the set. */
  public int mapCount() {
    return heights.length;
  }

  /** The joint mean token (one value per channel) that was subtracted before the SVD. */
  public double[] mean() {
    return mean.clone();
  }

  /**
   * The top components as unit rows (component × channel), by decreasing singular value, with the
   * sign convention of {@link FeatureMapPca}.
   */
  public double[][] components() {
    return deepCopy(components);
  }

  /** The singular values of the centered stacked tokens belonging to {@link #components()}. */
  public double[] singularValues() {
    return singularValues.clone();
  }

  /** Map {@code map}'s centered tokens projected onto the components: (tokens × 3), unscaled. */
  public double[][] scores(int map) {
    checkIndex(map);
    double[][] result = new double[offsets[map + 1] - offsets[map]][];
    for (int t = 0; t < result.length; t++) {
      result[t] = scores[offsets[map] + t].clone();
    }
    return result;
  }

  /** {@link #scores} min–max scaled to [0, 1] per component over all maps of the set. */
  public double[][] normalizedScores(int map) {
    double[][] result = scores(map);
    for (double[] token : result) {
      for (int k = 0; k < token.length; k++) {
        token[k] = range[k] == 0 ? 0 : (token[k] - low[k]) / range[k];
      }
    }
    return result;
  }

  /** Map {@code map} as an RGB image with one pixel per token (components 1, 2, 3 = R, G, B). */
  public RgbImage image(int map) {
    double[][] normalized = normalizedScores(map);
    byte[] hwc = new byte[normalized.length * RgbImage.CHANNELS];
    for (int t = 0; t < normalized.length; t++) {
      for (int k = 0; k < RgbImage.CHANNELS; k++) {
        hwc[t * RgbImage.CHANNELS + k] = (byte) Math.round(255 * normalized[t][k]);
      }
    }
    return new RgbImage(widths[map], heights[map], hwc);
  }

  /** {@link #image(int)} upsampled with nearest-neighbour resampling to {@code width × height}. */
  public RgbImage image(int map, int width, int height) {
    if (width < 1 || height < 1) {
      throw new MetricInputException(
          "PCA image size must be at least 1×1, got " + width + "×" + height);
    }
    return ImageResampler.resize(image(map), width, height, Resampling.NEAREST);
  }

  /** Writes {@link #image(int, int, int)} to {@code file} as PNG. */
  public void writePng(int map, int width, int height, Path file) {
    PngFile.write(image(map, width, height), file);
  }

  private void checkIndex(int map) {
    if (map < 0 || map >= heights.length) {
      throw new MetricInputException(
          "PCA map index " + map + " is out of range, the set has " + heights.length + " maps");
    }
  }

  private static double[][] deepCopy(double[][] m) {
    double[][] copy = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      copy[i] = m[i].clone();
    }
    return copy;
  }
}
