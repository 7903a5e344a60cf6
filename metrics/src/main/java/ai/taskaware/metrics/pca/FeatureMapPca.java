package ai.taskaware.metrics.pca;

import ai.taskaware.metrics.FeatureMatrix;
import ai.taskaware.metrics.MetricInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Principal component analysis of feature maps, per image or jointly over a set (e.g. an image
 * pair, or the conditional and unconditional maps of one image). Arithmetic is float64.
 *
 * <p>The tokens of all maps are stacked into one (tokens × channels) matrix, centered by its column
 * mean and decomposed with LAPACK {@code gesvd} ({@code Nd4j.linalg().svd} is broken in ND4J
 * 1.0.0-M2.1). The top {@value #COMPONENTS} right singular vectors are the components, ordered by
 * decreasing singular value. LAPACK's {@code gesvd} forms all C right singular vectors, so the cost
 * grows with the cube of the channel count: on 2 cores a joint PCA over two 64×64 maps takes about
 * 1.4 s at 320 channels and 46 s at 1280.
 *
 * <p><b>Sign convention.</b> A singular vector is defined only up to sign, so each component is
 * flipped if needed to make its entry of largest magnitude positive (the first such entry when
 * several tie). The same input therefore always yields the same colours, whatever LAPACK returns.
 *
 * <p>A PCA map of a difference (conditional − unconditional) is obtained by passing the difference
 * maps.
 */
public final class FeatureMapPca {
  /** Number of components kept: one per colour channel. */
  public static final int COMPONENTS = 3;

  private FeatureMapPca() {}

  /** PCA of one map: the same as {@link #joint} over a list holding only {@code map}. */
  public static PcaMaps of(FeatureMap map) {
    return joint(Collections.singletonList(map));
  }

  /** PCA of each map on its own (own basis, own colour scale), in input order. */
  public static List<PcaMaps> perImage(List<FeatureMap> maps) {
    requireNonEmpty(maps);
    List<PcaMaps> result = new ArrayList<>(maps.size());
    for (int i = 0; i < maps.size(); i++) {
      result.add(fit(Collections.singletonList(maps.get(i)), i, "maps[" + i + "]"));
    }
    return result;
  }

  /**
   * Joint PCA of {@code maps}: one basis and one colour scale for all of them.
   *
   * @param maps feature maps with the same channel count; token counts may differ
   * @throws MetricInputException if the list is empty or holds null, channel counts differ, a value
   *     is not finite, fewer than 3 tokens or fewer than 3 channels are given
   */
  public static PcaMaps joint(List<FeatureMap> maps) {
    requireNonEmpty(maps);
    return fit(maps, 0, "PCA");
  }

  /**
   * Joint PCA of {@code maps}; messages call map i {@code maps[firstIndex + i]} and the whole set
   * {@code setName}.
   */
  private static PcaMaps fit(List<FeatureMap> maps, int firstIndex, String setName) {
    List<INDArray> checked = new ArrayList<>(maps.size());
    long channels = -1;
    long tokens = 0;
    for (int i = 0; i < maps.size(); i++) {
      FeatureMap map = maps.get(i);
      String name = "maps[" + (firstIndex + i) + "]";
      if (map == null) {
        throw new MetricInputException(name + ": is null, expected a feature map");
      }
      INDArray features = FeatureMatrix.checked(name, map.tokens(), -1, 1);
      if (channels >= 0 && features.columns() != channels) {
        throw new MetricInputException(
            name
                + ": has "
                + features.columns()
                + " channels but maps["
                + firstIndex
                + "] has "
                + channels
                + "; a joint PCA needs the same channels in every map");
      }
      channels = features.columns();
      tokens += features.rows();
      checked.add(features);
    }
    if (tokens < COMPONENTS) {
      throw new MetricInputException(
          setName + ": got " + tokens + " tokens in all, at least " + COMPONENTS + " are needed");
    }
    if (channels < COMPONENTS) {
      throw new MetricInputException(
          setName + ": has " + channels + " channels, at least " + COMPONENTS + " are needed");
    }
    INDArray stacked = stack(checked, maps);
    INDArray mean = stacked.mean(0);
    INDArray centered = stacked.subiRowVector(mean);
    TopComponents top = topRightSingularVectors(centered);
    INDArray basis = Nd4j.create(top.components());
    double[][] scores = centered.mmul(basis.transpose()).toDoubleMatrix();
    centered.close();
    return new PcaMaps(mean.toDoubleVector(), top.components(), top.singularValues(), scores, maps);
  }

  /** One fresh float64 matrix of all tokens, which the caller may overwrite. */
  private static INDArray stack(List<INDArray> checked, List<FeatureMap> maps) {
    if (checked.size() == 1) {
      INDArray only = checked.get(0);
      return only == maps.get(0).tokens() ? only.dup() : only;
    }
    INDArray stacked = Nd4j.vstack(checked.toArray(INDArray[]::new));
    for (int i = 0; i < checked.size(); i++) {
      FeatureMatrix.releaseCopy(checked.get(i), maps.get(i).tokens());
    }
    return stacked;
  }

  private record TopComponents(double[][] components, double[] singularValues) {}

  private static TopComponents topRightSingularVectors(INDArray centered) {
    long n = centered.rows();
    long c = centered.columns();
    // gesvd overwrites its input, and LAPACK wants column-major storage.
    INDArray a = centered.dup('f');
    INDArray s = Nd4j.create(DataType.DOUBLE, Math.min(n, c));
    INDArray vt = Nd4j.create(DataType.DOUBLE, new long[] {c, c}, 'f');
    Nd4j.getBlasWrapper().lapack().gesvd(a, s, null, vt);
    a.close();
    double[][] top =
        vt.get(NDArrayIndex.interval(0, COMPONENTS), NDArrayIndex.all()).toDoubleMatrix();
    for (double[] component : top) {
      fixSign(component);
    }
    double[] values = new double[COMPONENTS];
    for (int k = 0; k < COMPONENTS; k++) {
      values[k] = s.getDouble(k);
    }
    s.close();
    vt.close();
    return new TopComponents(top, values);
  }

  /** Flips {@code component} so that its first entry of largest magnitude is positive. */
  static void fixSign(double[] component) {
    int largest = 0;
    for (int i = 1; i < component.length; i++) {
      if (Math.abs(component[i]) > Math.abs(component[largest])) {
        largest = i;
      }
    }
    if (component[largest] < 0) {
      for (int i = 0; i < component.length; i++) {
        component[i] = -component[i];
      }
    }
  }

  private static void requireNonEmpty(List<FeatureMap> maps) {
    if (maps == null || maps.isEmpty()) {
      throw new MetricInputException("PCA: expected at least one feature map");
    }
  }
}
