package ai.taskaware.metrics.cka;

import ai.taskaware.metrics.MetricInputException;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Gram matrices and their centerings, following the operation order of Kornblith et al.'s reference
 * notebook so that results agree to rounding.
 */
final class Grams {
  private Grams() {}

  /** X Xᵀ. */
  static INDArray linear(INDArray x) {
    return x.mmul(x.transpose());
  }

  /**
   * exp(−D / (2 t² m)) with D the squared distances −2 X Xᵀ + ‖xᵢ‖² + ‖xⱼ‖² and m the median of all
   * n² entries of D, diagonal included.
   */
  static INDArray rbf(String name, INDArray x, double threshold) {
    INDArray dot = linear(x);
    int n = dot.rows();
    INDArray sqNorms = dot.getRow(0).dup();
    for (int i = 0; i < n; i++) {
      sqNorms.putScalar(i, dot.getDouble(i, i));
    }
    INDArray sqDistances = dot.mul(-2).addiColumnVector(sqNorms).addiRowVector(sqNorms);
    dot.close();
    double median = median(sqDistances);
    if (!(median > 0)) {
      throw new MetricInputException(
          name
              + ": the median squared distance between examples is "
              + median
              + ", so the RBF bandwidth is zero; more than half of the example pairs are identical");
    }
    double denominator = 2 * threshold * threshold * median;
    return Transforms.exp(sqDistances.negi().divi(denominator), false);
  }

  /** The median of every entry (mean of the two middle values for an even count, as numpy). */
  static double median(INDArray m) {
    double[] values = m.reshape(m.length()).toDoubleVector();
    Arrays.sort(values);
    int half = values.length / 2;
    return values.length % 2 == 1 ? values[half] : (values[half - 1] + values[half]) / 2;
  }

  /** H K H with H = I − 11ᵀ/n, computed as the notebook does through row means. */
  static INDArray centered(INDArray gram) {
    INDArray means = gram.mean(0);
    means.subi(means.meanNumber().doubleValue() / 2);
    return gram.subColumnVector(means).subiRowVector(means);
  }

  /**
   * The U-centered Gram matrix (Székely and Rizzo 2014): ⟨ũ(K), ũ(L)⟩ / (n(n − 3)) is the unbiased
   * HSIC estimator of Song et al. (2012).
   */
  static INDArray uCentered(INDArray gram) {
    int n = gram.rows();
    INDArray g = gram.dup();
    zeroDiagonal(g);
    INDArray means = g.sum(0).divi(n - 2);
    means.subi(means.sumNumber().doubleValue() / (2.0 * (n - 1)));
    g.subiColumnVector(means).subiRowVector(means);
    zeroDiagonal(g);
    return g;
  }

  private static void zeroDiagonal(INDArray g) {
    for (int i = 0; i < g.rows(); i++) {
      g.putScalar(i, i, 0.0);
    }
  }

  /** ⟨A, B⟩_F as one BLAS dot product over the flattened matrices. */
  static double frobeniusDot(INDArray a, INDArray b) {
    long len = a.length();
    return a.reshape('c', 1, len).mmul(b.reshape('c', len, 1)).getDouble(0);
  }
}
