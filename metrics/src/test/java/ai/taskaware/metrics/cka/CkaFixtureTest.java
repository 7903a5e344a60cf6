package ai.taskaware.metrics.cka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.taskaware.core.checkpoint.SafetensorsFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parity with Kornblith et al.'s reference notebook on the demo case X = randn(100, 10), Y = randn
 * + X (numpy seed 1337), whose expected values were produced by the Python code.
 */
class CkaFixtureTest {
  private static final double TOLERANCE = 1e-9;
  private static INDArray x;
  private static INDArray y;
  private static JsonNode expected;

  @BeforeAll
  static void load() throws IOException, URISyntaxException {
    Path file = Path.of(CkaFixtureTest.class.getResource("/cka/demo_xy.safetensors").toURI());
    try (SafetensorsFile tensors = SafetensorsFile.open(file)) {
      x = tensors.array("X");
      y = tensors.array("Y");
    }
    assertThat(x.dataType()).isEqualTo(DataType.DOUBLE);
    try (InputStream in = CkaFixtureTest.class.getResourceAsStream("/cka/expected.json")) {
      expected = new ObjectMapper().readTree(in);
    }
    assertThat(x.shape()).containsExactly(100, 10);
    assertThat(y.shape()).containsExactly(100, 10);
  }

  @Test
  void linearGramFormEqualsReference() {
    assertThat(Cka.linear(x, y))
        .isCloseTo(expected.get("linear_cka").asDouble(), within(TOLERANCE));
  }

  @Test
  void linearFeatureSpaceFormEqualsReference() {
    assertThat(Cka.linearFeatureSpace(x, y))
        .isCloseTo(expected.get("linear_cka").asDouble(), within(TOLERANCE));
  }

  @Test
  void rbfWithThresholdHalfEqualsReference() {
    assertThat(Cka.rbf(x, y, 0.5))
        .isCloseTo(expected.get("rbf_cka_threshold_0.5").asDouble(), within(TOLERANCE));
  }

  @Test
  void debiasedLinearEqualsReference() {
    assertThat(Cka.debiasedLinear(x, y))
        .isCloseTo(expected.get("linear_cka_debiased").asDouble(), within(TOLERANCE));
  }

  @Test
  void float32InputIsPromotedToFloat64() {
    INDArray x32 = x.castTo(DataType.FLOAT);
    INDArray y32 = y.castTo(DataType.FLOAT);
    // float32 storage rounds the inputs (~1e-7 relative); the arithmetic itself stays float64.
    assertThat(Cka.linear(x32, y32)).isCloseTo(expected.get("linear_cka").asDouble(), within(1e-6));
  }

  @Test
  void layerMatrixMatchesPairwiseCka() {
    double[][] m = Cka.layerMatrix(List.of(x, y), List.of(x, y), CkaVariant.linear());
    assertThat(m[0][0]).isCloseTo(1.0, within(1e-12));
    assertThat(m[1][1]).isCloseTo(1.0, within(1e-12));
    assertThat(m[0][1]).isCloseTo(expected.get("linear_cka").asDouble(), within(TOLERANCE));
    assertThat(m[1][0]).isCloseTo(m[0][1], within(1e-12));

    double[][] rbf = Cka.layerMatrix(List.of(x), List.of(x, y), CkaVariant.rbf(0.5));
    assertThat(rbf[0][1])
        .isCloseTo(expected.get("rbf_cka_threshold_0.5").asDouble(), within(TOLERANCE));
  }

  @Test
  void singleMinibatchEqualsDebiasedCka() {
    MinibatchCka minibatch = new MinibatchCka(1, 1);
    minibatch.update(x, y);
    assertThat(minibatch.result()[0][0])
        .isCloseTo(expected.get("linear_cka_debiased").asDouble(), within(TOLERANCE));
  }
}
