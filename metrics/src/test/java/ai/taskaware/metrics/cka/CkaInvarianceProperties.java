package ai.taskaware.metrics.cka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The invariances that define CKA (Kornblith et al. 2019, §3): orthogonal transforms and isotropic
 * scaling for every variant; translation for linear CKA (and, since it only sees distances, RBF).
 */
class CkaInvarianceProperties {
  private static final int ROWS = 24;
  private static final int COLS_X = 6;
  private static final int COLS_Y = 5;
  private static final double TOLERANCE = 1e-10;

  @Property(tries = 10)
  void orthogonalTransformLeavesCkaUnchanged(@ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
    Random random = new Random(seed);
    INDArray x = gaussian(random, ROWS, COLS_X);
    INDArray y = related(random, x);
    INDArray rotated = x.mmul(orthogonal(random, COLS_X));
    assertAllVariantsEqual(x, y, rotated);
  }

  @Property(tries = 10)
  void isotropicScalingLeavesCkaUnchanged(
      @ForAll @IntRange(min = 0, max = 1_000_000) int seed,
      @ForAll @DoubleRange(min = 1e-3, max = 1e3) @Scale(4) double scale) {
    Random random = new Random(seed);
    INDArray x = gaussian(random, ROWS, COLS_X);
    INDArray y = related(random, x);
    assertAllVariantsEqual(x, y, x.mul(scale));
  }

  @Property(tries = 10)
  void translationLeavesLinearAndRbfCkaUnchanged(
      @ForAll @IntRange(min = 0, max = 1_000_000) int seed,
      @ForAll @DoubleRange(min = -50, max = 50) double offset) {
    Random random = new Random(seed);
    INDArray x = gaussian(random, ROWS, COLS_X);
    INDArray y = related(random, x);
    INDArray shift = gaussian(random, 1, COLS_X).muli(offset);
    INDArray translated = x.addRowVector(shift);
    assertThat(Cka.linear(translated, y)).isCloseTo(Cka.linear(x, y), within(1e-9));
    assertThat(Cka.linearFeatureSpace(translated, y))
        .isCloseTo(Cka.linearFeatureSpace(x, y), within(1e-9));
    assertThat(Cka.debiasedLinear(translated, y)).isCloseTo(Cka.debiasedLinear(x, y), within(1e-9));
    assertThat(Cka.rbf(translated, y, 0.8)).isCloseTo(Cka.rbf(x, y, 0.8), within(1e-9));
  }

  @Property(tries = 10)
  void gramAndFeatureSpaceFormsAgreeAndStayInUnitInterval(
      @ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
    Random random = new Random(seed);
    INDArray x = gaussian(random, ROWS, COLS_X);
    INDArray y = related(random, x);
    double gram = Cka.linear(x, y);
    assertThat(Cka.linearFeatureSpace(x, y)).isCloseTo(gram, within(TOLERANCE));
    assertThat(gram).isBetween(0.0, 1.0 + 1e-12);
    assertThat(Cka.linear(x, x)).isCloseTo(1.0, within(1e-12));
    assertThat(Cka.rbf(x, y, 1.0)).isBetween(0.0, 1.0 + 1e-12);
  }

  private static void assertAllVariantsEqual(INDArray x, INDArray y, INDArray transformedX) {
    assertThat(Cka.linear(transformedX, y)).isCloseTo(Cka.linear(x, y), within(TOLERANCE));
    assertThat(Cka.linearFeatureSpace(transformedX, y))
        .isCloseTo(Cka.linearFeatureSpace(x, y), within(TOLERANCE));
    assertThat(Cka.debiasedLinear(transformedX, y))
        .isCloseTo(Cka.debiasedLinear(x, y), within(TOLERANCE));
    assertThat(Cka.rbf(transformedX, y, 0.5)).isCloseTo(Cka.rbf(x, y, 0.5), within(TOLERANCE));
  }

  static INDArray gaussian(Random random, int rows, int cols) {
    double[][] values = new double[rows][cols];
    for (double[] row : values) {
      for (int c = 0; c < cols; c++) {
        row[c] = random.nextGaussian();
      }
    }
    return Nd4j.create(values);
  }

  /** Y = X W + noise, so that CKA is well away from both 0 and 1. */
  static INDArray related(Random random, INDArray x) {
    INDArray w = gaussian(random, x.columns(), COLS_Y);
    return x.mmul(w).addi(gaussian(random, x.rows(), COLS_Y));
  }

  private static INDArray orthogonal(Random random, int size) {
    double[][] values = new double[size][size];
    for (double[] row : values) {
      for (int c = 0; c < size; c++) {
        row[c] = random.nextGaussian();
      }
    }
    RealMatrix q = new QRDecomposition(MatrixUtils.createRealMatrix(values)).getQ();
    return Nd4j.create(q.getData());
  }
}
