package ai.taskaware.metrics.cka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Minibatch CKA against an independent oracle: the closed-form unbiased HSIC of Song et al. (2012),
 * HSIC₁ = [tr(K̃L̃) + 1ᵀK̃1·1ᵀL̃1/((m−1)(m−2)) − 2/(m−2)·1ᵀK̃L̃1] / (m(m−3)) with K̃ the Gram with
 * a zero diagonal, evaluated in plain Java loops.
 */
class MinibatchCkaTest {

  @Test
  void accumulatesMeanUnbiasedHsicOverBatchesOfUnequalSize() {
    Random random = new Random(11);
    INDArray x1 = CkaInvarianceProperties.gaussian(random, 40, 7);
    INDArray x2 = CkaInvarianceProperties.gaussian(random, 40, 4);
    INDArray y = CkaInvarianceProperties.related(random, x1);
    int[][] batches = {{0, 16}, {16, 28}, {28, 40}};

    MinibatchCka minibatch = new MinibatchCka(2, 1);
    double[][] cross = new double[2][1];
    double[] selfA = new double[2];
    double selfB = 0;
    for (int[] b : batches) {
      INDArray[] a = {rows(x1, b), rows(x2, b)};
      INDArray yb = rows(y, b);
      minibatch.update(List.of(a[0], a[1]), List.of(yb));
      selfB += songHsic(yb, yb);
      for (int i = 0; i < 2; i++) {
        selfA[i] += songHsic(a[i], a[i]);
        cross[i][0] += songHsic(a[i], yb);
      }
    }
    double[][] result = minibatch.result();
    assertThat(minibatch.batches()).isEqualTo(3);
    for (int i = 0; i < 2; i++) {
      double expected = cross[i][0] / Math.sqrt(selfA[i] * selfB);
      assertThat(result[i][0]).isCloseTo(expected, within(1e-12));
    }
    // The layer that Y was built from aligns far better than the unrelated one.
    assertThat(result[0][0]).isGreaterThan(result[1][0] + 0.2);
  }

  @Test
  void approachesFullBatchDebiasedCkaAsBatchesGrow() {
    Random random = new Random(3);
    INDArray x = CkaInvarianceProperties.gaussian(random, 400, 8);
    INDArray y = CkaInvarianceProperties.related(random, x);
    MinibatchCka minibatch = new MinibatchCka(1, 1);
    for (int start = 0; start < 400; start += 100) {
      int[] b = {start, start + 100};
      minibatch.update(rows(x, b), rows(y, b));
    }
    assertThat(minibatch.result()[0][0]).isCloseTo(Cka.debiasedLinear(x, y), within(0.05));
  }

  private static INDArray rows(INDArray m, int[] range) {
    return m.get(NDArrayIndex.interval(range[0], range[1]), NDArrayIndex.all()).dup();
  }

  private static double songHsic(INDArray x, INDArray y) {
    double[][] k = gramZeroDiagonal(x);
    double[][] l = gramZeroDiagonal(y);
    int m = k.length;
    double trace = 0;
    double sumK = 0;
    double sumL = 0;
    double oneKL1 = 0;
    double[] rowK = new double[m];
    double[] colL = new double[m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        trace += k[i][j] * l[j][i];
        sumK += k[i][j];
        sumL += l[i][j];
        rowK[j] += k[i][j];
        colL[i] += l[i][j];
      }
    }
    for (int j = 0; j < m; j++) {
      oneKL1 += rowK[j] * colL[j];
    }
    return (trace + sumK * sumL / ((m - 1.0) * (m - 2.0)) - 2.0 / (m - 2.0) * oneKL1)
        / (m * (m - 3.0));
  }

  private static double[][] gramZeroDiagonal(INDArray features) {
    double[][] f = features.toDoubleMatrix();
    int m = f.length;
    double[][] g = new double[m][m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        if (i != j) {
          double s = 0;
          for (int c = 0; c < f[i].length; c++) {
            s += f[i][c] * f[j][c];
          }
          g[i][j] = s;
        }
      }
    }
    return g;
  }
}
