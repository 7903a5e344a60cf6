package ai.taskaware.metrics.cka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.metrics.MetricInputException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Bad input is rejected with a {@link MetricInputException} that names the input. */
class CkaInputErrorsTest {
  private final Random random = new Random(7);
  private final INDArray x = CkaInvarianceProperties.gaussian(random, 10, 3);

  @Test
  void mismatchedRowCounts() {
    INDArray y = CkaInvarianceProperties.gaussian(random, 9, 3);
    assertThatThrownBy(() -> Cka.linear(x, y))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("y: has 9 rows")
        .hasMessageContaining("has 10");
    assertThatThrownBy(() -> Cka.linearFeatureSpace(x, y)).isInstanceOf(MetricInputException.class);
    assertThatThrownBy(() -> Cka.layerMatrix(List.of(x), List.of(x, y), CkaVariant.linear()))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("layersB[1]");
  }

  @Test
  void nanAndInfiniteFeatures() {
    INDArray y = x.dup();
    y.putScalar(4, 2, Double.NaN);
    assertThatThrownBy(() -> Cka.linear(x, y))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("y: feature [4, 2] is NaN");
    INDArray z = x.dup();
    z.putScalar(0, 1, Double.POSITIVE_INFINITY);
    assertThatThrownBy(() -> Cka.rbf(z, x, 1.0))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("x: feature [0, 1] is Infinity");
  }

  @Test
  void debiasedNeedsFourExamples() {
    INDArray three = CkaInvarianceProperties.gaussian(random, 3, 2);
    assertThatThrownBy(() -> Cka.debiasedLinear(three, three))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("has 3 rows")
        .hasMessageContaining("at least 4");
    MinibatchCka minibatch = new MinibatchCka(1, 1);
    assertThatThrownBy(() -> minibatch.update(three, three))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("at least 4");
  }

  @Test
  void notAMatrixOrNull() {
    assertThatThrownBy(() -> Cka.linear(Nd4j.create(new double[] {1, 2, 3}), x))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("x: expected an (examples × features) matrix");
    assertThatThrownBy(() -> Cka.linear(x, null))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("y: features are null");
    assertThatThrownBy(() -> Cka.layerMatrix(List.of(), List.of(x), CkaVariant.linear()))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("layersA");
  }

  @Test
  void degenerateRepresentations() {
    INDArray constant = Nd4j.ones(10, 3);
    assertThatThrownBy(() -> Cka.linear(constant, x))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("constant across examples");
    assertThatThrownBy(() -> Cka.rbf(constant, x, 0.5))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("median squared distance");
    assertThatThrownBy(() -> CkaVariant.rbf(0)).isInstanceOf(MetricInputException.class);
    assertThatThrownBy(() -> CkaVariant.rbf(Double.NaN)).isInstanceOf(MetricInputException.class);
  }

  @Test
  void minibatchMisuse() {
    MinibatchCka minibatch = new MinibatchCka(2, 1);
    assertThatThrownBy(minibatch::result)
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("no minibatch");
    assertThatThrownBy(() -> minibatch.update(List.of(x), List.of(x)))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("batchA: expected features for 2 layers, got 1");
    assertThatThrownBy(() -> new MinibatchCka(0, 1)).isInstanceOf(MetricInputException.class);
  }
}
