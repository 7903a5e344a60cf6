package ai.taskaware.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** ORT session configuration entries in {@link RuntimeOptions} reach the session. */
class SessionConfigTest {

  @Test
  void entriesAreKeptSortedAndALaterValueReplacesAnEarlierOne() {
    RuntimeOptions o =
        RuntimeOptions.cpu()
            .withSessionConfig("session.intra_op.allow_spinning", "1")
            .withSessionConfig("session.disable_prepacking", "1")
            .withSessionConfig("session.intra_op.allow_spinning", "0");
    assertThat(o.sessionConfig())
        .containsExactly(
            Map.entry("session.disable_prepacking", "1"),
            Map.entry("session.intra_op.allow_spinning", "0"));
    assertThat(RuntimeOptions.cpu().sessionConfig()).isEmpty();
    // other with* methods keep the entries
    assertThat(o.withIntraOpThreads(1).sessionConfig()).isEqualTo(o.sessionConfig());
    assertThatThrownBy(() -> o.sessionConfig().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> RuntimeOptions.cpu().withSessionConfig(" ", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sessionConfig");
  }

  @Test
  void ortAppliesTheEntriesWhenCreatingTheSession() {
    INDArray a = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}});
    RuntimeOptions quiet =
        RuntimeOptions.cpu().withSessionConfig("session.intra_op.allow_spinning", "0");
    try (OnnxSession s = OnnxSession.open(OnnxTestModels.add(), quiet)) {
      INDArray sum = s.run(Map.of("a", a, "b", a), Set.of("sum")).get("sum");
      assertThat(sum.reshape(-1).toFloatVector()).containsExactly(2, 4, 6, 8, 10, 12);
    }
    // an entry saying the bytes are in ORT's flatbuffer format makes ORT refuse an ONNX model,
    // which shows the entry was passed on
    RuntimeOptions ortFormat =
        RuntimeOptions.cpu().withSessionConfig("session.load_model_format", "ORT");
    assertThatThrownBy(() -> OnnxSession.open(OnnxTestModels.add(), ortFormat).close())
        .isInstanceOf(OnnxSessionException.class);
  }
}
