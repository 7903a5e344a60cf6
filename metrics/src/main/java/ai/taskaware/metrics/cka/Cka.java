package ai.taskaware.metrics.cka;

import ai.taskaware.metrics.FeatureMatrix;
import ai.taskaware.metrics.MetricInputException;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Centered kernel alignment between two representations of the same examples (rows = examples,
 * columns = features; the feature counts may differ). All arithmetic is float64; inputs of other
 * types are converted first.
 *
 * <p>CKA(K, L) = HSIC(K, L) / √(HSIC(K, K) · HSIC(L, L)), with HSIC estimated by ⟨HKH, HLH⟩ or,
 * when debiased, by ⟨ũ(K), ũ(L)⟩ over U-centered Grams.
 */
public final class Cka {
  private Cka() {}

  /** Linear CKA through n × n Gram matrices: ⟨HXXᵀH, HYYᵀH⟩ / (‖HXXᵀH‖ ‖HYYᵀH‖). */
  public static double linear(INDArray x, INDArray y) {
    return of(x, y, CkaVariant.linear());
  }

  /**
   * Linear CKA in feature space, ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F) after centering each column; equal to
   * {@link #linear} and cheaper when there are more examples than features.
   */
  public static double linearFeatureSpace(INDArray x, INDArray y) {
    INDArray xd = FeatureMatrix.checked("x", x, -1, 2);
    INDArray yd = FeatureMatrix.checked("y", y, xd.rows(), 2);
    INDArray xc = centeredColumns(xd);
    FeatureMatrix.releaseCopy(xd, x);
    INDArray yc = centeredColumns(yd);
    FeatureMatrix.releaseCopy(yd, y);
    double cross = frobeniusNormOfProduct(xc, yc);
    double normX = frobeniusNormOfProduct(xc, xc);
    double normY = frobeniusNormOfProduct(yc, yc);
    xc.close();
    yc.close();
    return ratio(cross * cross, normX, normY);
  }

  /** ‖AᵀB‖_F, freeing the product at once (it is features × features). */
  private static double frobeniusNormOfProduct(INDArray a, INDArray b) {
    INDArray product = a.transpose().mmul(b);
    double norm = product.norm2Number().doubleValue();
    product.close();
    return norm;
  }

  /** RBF CKA with σ = threshold × √(median of the n × n squared distances), as Kornblith et al. */
  public static double rbf(INDArray x, INDArray y, double threshold) {
    return of(x, y, CkaVariant.rbf(threshold));
  }

  /** Linear CKA with the unbiased HSIC estimator (U-centered Grams); needs at least 4 examples. */
  public static double debiasedLinear(INDArray x, INDArray y) {
    return of(x, y, CkaVariant.debiasedLinear());
  }

  /** CKA of the given variant between {@code x} and {@code y}. */
  public static double of(INDArray x, INDArray y, CkaVariant variant) {
    INDArray xd = FeatureMatrix.checked("x", x, -1, variant.minimumRows());
    INDArray yd = FeatureMatrix.checked("y", y, xd.rows(), variant.minimumRows());
    INDArray gx = centeredGram("x", xd, variant);
    FeatureMatrix.releaseCopy(xd, x);
    INDArray gy = centeredGram("y", yd, variant);
    FeatureMatrix.releaseCopy(yd, y);
    try {
      return alignment(gx, gy);
    } finally {
      gx.close();
      gy.close();
    }
  }

  /**
   * The layer-by-layer CKA matrix: entry [i][j] compares {@code layersA.get(i)} with {@code
   * layersB.get(j)}. Each layer's centered Gram matrix is built once.
   */
  public static double[][] layerMatrix(
      List<INDArray> layersA, List<INDArray> layersB, CkaVariant variant) {
    List<INDArray> gramsA = centeredGrams("layersA", layersA, -1, variant);
    List<INDArray> gramsB = centeredGrams("layersB", layersB, gramsA.get(0).rows(), variant);
    double[] normsA = gramsA.stream().mapToDouble(g -> g.norm2Number().doubleValue()).toArray();
    double[] normsB = gramsB.stream().mapToDouble(g -> g.norm2Number().doubleValue()).toArray();
    double[][] matrix = new double[gramsA.size()][gramsB.size()];
    for (int i = 0; i < gramsA.size(); i++) {
      for (int j = 0; j < gramsB.size(); j++) {
        matrix[i][j] =
            ratio(Grams.frobeniusDot(gramsA.get(i), gramsB.get(j)), normsA[i], normsB[j]);
      }
    }
    return matrix;
  }

  private static List<INDArray> centeredGrams(
      String name, List<INDArray> layers, long expectedRows, CkaVariant variant) {
    if (layers == null || layers.isEmpty()) {
      throw new MetricInputException(name + ": expected at least one layer's features");
    }
    long rows = expectedRows;
    List<INDArray> grams = new ArrayList<>(layers.size());
    for (int i = 0; i < layers.size(); i++) {
      String layerName = name + "[" + i + "]";
      INDArray features =
          FeatureMatrix.checked(layerName, layers.get(i), rows, variant.minimumRows());
      rows = features.rows();
      grams.add(centeredGram(layerName, features, variant));
      FeatureMatrix.releaseCopy(features, layers.get(i));
    }
    return grams;
  }

  static INDArray centeredGram(String name, INDArray features, CkaVariant variant) {
    INDArray gram =
        variant.kernel() == CkaVariant.Kernel.RBF
            ? Grams.rbf(name, features, variant.rbfThreshold())
            : Grams.linear(features);
    INDArray centered = variant.debiased() ? Grams.uCentered(gram) : Grams.centered(gram);
    gram.close();
    return centered;
  }

  private static double alignment(INDArray gx, INDArray gy) {
    return ratio(
        Grams.frobeniusDot(gx, gy), gx.norm2Number().doubleValue(), gy.norm2Number().doubleValue());
  }

  private static INDArray centeredColumns(INDArray m) {
    return m.subRowVector(m.mean(0));
  }

  private static double ratio(double hsic, double normX, double normY) {
    if (normX == 0 || normY == 0) {
      throw new MetricInputException(
          (normX == 0 ? "x" : "y")
              + ": the centered representation is constant across examples, so CKA is undefined");
    }
    return hsic / (normX * normY);
  }
}
