package ai.taskaware.metrics.similarity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.taskaware.metrics.MetricInputException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TokenCosineSimilarityTest {

  @Test
  void handComputedPair() {
    // token 0: (1,0)·(1,1) / (1·√2) = 1/√2; token 1: (3,4)·(−4,3) = 0; token 2: (0,2)·(0,−5) = −1.
    INDArray a = Nd4j.create(new double[][] {{1, 0}, {3, 4}, {0, 2}});
    INDArray b = Nd4j.create(new double[][] {{1, 1}, {-4, 3}, {0, -5}});
    assertThat(TokenCosineSimilarity.perToken(a, b))
        .containsExactly(new double[] {1 / Math.sqrt(2), 0, -1}, within(1e-15));
    assertThat(TokenCosineSimilarity.mean(a, b))
        .isCloseTo((1 / Math.sqrt(2) + 0 - 1) / 3, within(1e-15));
  }

  @Test
  void identicalAndScaledTokensHaveSimilarityOneAndZeroTokensZero() {
    INDArray a = Nd4j.create(new double[][] {{0.5, -2, 7}, {1e-3, 4, 4}});
    assertThat(TokenCosineSimilarity.mean(a, a)).isCloseTo(1.0, within(1e-15));
    assertThat(TokenCosineSimilarity.mean(a, a.mul(123.0))).isCloseTo(1.0, within(1e-15));
    assertThat(TokenCosineSimilarity.mean(a.castTo(DataType.FLOAT), a))
        .isCloseTo(1.0, within(1e-7));
    INDArray zeros = Nd4j.zeros(DataType.DOUBLE, 2, 3);
    assertThat(TokenCosineSimilarity.perToken(zeros, a)).containsExactly(0.0, 0.0);
  }

  @Test
  void meanOverPairsWeighsPairsEqually() {
    INDArray one = Nd4j.create(new double[][] {{1, 0}});
    INDArray threeTokens = Nd4j.create(new double[][] {{1, 0}, {1, 0}, {1, 0}});
    INDArray opposite = threeTokens.neg();
    // pair 0 has similarity 1 (one token), pair 1 has −1 (three tokens): the mean over pairs is 0.
    assertThat(
            TokenCosineSimilarity.meanOverPairs(List.of(one, threeTokens), List.of(one, opposite)))
        .isCloseTo(0.0, within(1e-15));
  }

  @Test
  void badInputIsTyped() {
    INDArray a = Nd4j.create(new double[][] {{1, 0}, {0, 1}});
    assertThatThrownBy(() -> TokenCosineSimilarity.mean(a, Nd4j.create(new double[][] {{1, 0}})))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("second: has 1 rows");
    assertThatThrownBy(
            () -> TokenCosineSimilarity.mean(a, Nd4j.create(new double[][] {{1, 0, 0}, {0, 1, 0}})))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("3 channels");
    INDArray nan = a.dup();
    nan.putScalar(1, 1, Double.NaN);
    assertThatThrownBy(() -> TokenCosineSimilarity.meanOverPairs(List.of(a, a), List.of(a, nan)))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("pair 1: second: feature [1, 1] is NaN");
    assertThatThrownBy(() -> TokenCosineSimilarity.meanOverPairs(List.of(a), List.of()))
        .isInstanceOf(MetricInputException.class);
  }
}
