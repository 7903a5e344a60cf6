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
 * <p>The tokens of all maps are stacked into one (tokens × channels) matrix A, centered by its
 * column mean. The components are the top {@value #COMPONENTS} right singular vectors of A, ordered
 * by decreasing singular value, found with LAPACK {@code gesvd} ({@code Nd4j.linalg().svd} is
 * broken in ND4J 1.0.0-M2.1) on the smaller of the two Gram matrices: AᵀA (channels²) when there
 * are at least as many tokens as channels, whose singular vectors are A's right singular vectors
 * and whose singular values are their squares; else AAᵀ (tokens²), whose singular vectors u give
 * A's as Aᵀu / σ. Decomposing A itself makes {@code gesvd} form all C right singular vectors of a
 * tokens × C matrix: for a joint PCA of an image pair on 2 cores ({@code taskaware bench
 * --components pca}) the Gram route takes 1.5 s instead of 1.8 s at 16×16×1280 (SD2.1's U-L1 maps
 * at 512 px), 0.5 s instead of 3.9 s at 32×32×640, 0.4 s instead of 0.9 s at 64×64×320 and 14.5 s
 * instead of 32.6 s at 64×64×1280 (ND4J's {@code gesvd} alone needs 1.4 s for a 512² matrix).
 * Squaring the matrix leaves the components accurate to about 1e-8 rather than 1e-15, far below
 * what an 8-bit colour shows, and cannot resolve singular values below ~1e-7 of the largest: when
 * one of the top three is that small (rank below three) A is decomposed directly instead.
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

  /**
   * Singular values below this fraction of the largest are treated as zero: the Gram matrices hold
   * their squares, so smaller ones are lost in the rounding of the largest (float64 epsilon ~
   * 2e-16).
   */
  private static final double GRAM_RELATIVE_FLOOR = 1e-7;

  private static TopComponents topRightSingularVectors(INDArray centered) {
    long n = centered.rows();
    long c = centered.columns();
    TopComponents top = n >= c ? fromChannelGram(centered) : fromTokenGram(centered);
    return top != null ? top : fromDirectSvd(centered);
  }

  /** AᵀA = V Σ² Vᵀ: its singular vectors are A's right singular vectors. */
  private static TopComponents fromChannelGram(INDArray centered) {
    INDArray gram = centered.transpose().mmul(centered);
    SymmetricSvd svd = SymmetricSvd.of(gram);
    gram.close();
    try {
      double[] values = svd.singularValuesOfA();
      if (values == null) {
        return null;
      }
      double[][] top = svd.topVectors();
      for (double[] component : top) {
        fixSign(component);
      }
      return new TopComponents(top, values);
    } finally {
      svd.close();
    }
  }

  /** AAᵀ = U Σ² Uᵀ, and A's right singular vectors are v = Aᵀu / σ. */
  private static TopComponents fromTokenGram(INDArray centered) {
    INDArray gram = centered.mmul(centered.transpose());
    SymmetricSvd svd = SymmetricSvd.of(gram);
    gram.close();
    try {
      double[] values = svd.singularValuesOfA();
      if (values == null) {
        return null;
      }
      INDArray u = Nd4j.create(svd.topVectors());
      double[][] top = u.mmul(centered).toDoubleMatrix();
      u.close();
      for (int k = 0; k < COMPONENTS; k++) {
        for (int i = 0; i < top[k].length; i++) {
          top[k][i] /= values[k];
        }
        fixSign(top[k]);
      }
      return new TopComponents(top, values);
    } finally {
      svd.close();
    }
  }

  /** {@code gesvd} of a symmetric positive semi-definite Gram matrix. */
  private record SymmetricSvd(INDArray s, INDArray vt) implements AutoCloseable {
    static SymmetricSvd of(INDArray gram) {
      long m = gram.rows();
      // gesvd overwrites its input, and LAPACK wants column-major storage.
      INDArray a = gram.dup('f');
      INDArray s = Nd4j.create(DataType.DOUBLE, m);
      INDArray vt = Nd4j.create(DataType.DOUBLE, new long[] {m, m}, 'f');
      Nd4j.getBlasWrapper().lapack().gesvd(a, s, null, vt);
      a.close();
      return new SymmetricSvd(s, vt);
    }

    /** √ of the top eigenvalues, or null when one is too small to be trusted from the Gram. */
    double[] singularValuesOfA() {
      double largest = s.getDouble(0);
      double[] values = new double[COMPONENTS];
      for (int k = 0; k < COMPONENTS; k++) {
        double eigenvalue = s.getDouble(k);
        if (!(largest > 0) || eigenvalue <= GRAM_RELATIVE_FLOOR * GRAM_RELATIVE_FLOOR * largest) {
          return null;
        }
        values[k] = Math.sqrt(eigenvalue);
      }
      return values;
    }

    double[][] topVectors() {
      return vt.get(NDArrayIndex.interval(0, COMPONENTS), NDArrayIndex.all()).toDoubleMatrix();
    }

    @Override
    public void close() {
      s.close();
      vt.close();
    }
  }

  /** {@code gesvd} of A itself, for ranks below three. */
  private static TopComponents fromDirectSvd(INDArray centered) {
    long n = centered.rows();
    long c = centered.columns();
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
