package ai.taskaware.core.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.taskaware.core.checkpoint.DType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Surgery on a saved model: expose an internal value, prune to it, run on ONNX Runtime and compare
 * with the reference.
 */
class OnnxGraphSurgeryTest {

  @TempDir Path dir;

  private final SplittableRandom rnd = new SplittableRandom(5);
  private final Tensor w1 = Tensor.random(rnd, 32, 16);
  private final Tensor b1 = Tensor.random(rnd, 32);
  private final Tensor w2 = Tensor.random(rnd, 8, 32);
  private final Tensor x = Tensor.random(rnd, 2, 16);
  private String hidden;

  /** x → linear → GELU (internal, unnamed) → linear → softmax = "probs"; plus unused input. */
  private Graph classifier() {
    GraphBuilder g = new GraphBuilder("classifier");
    Value in = g.input("x", DType.F32, 2, 16);
    g.input("attention_mask", DType.I64, 2, 16);
    Value h =
        g.gelu(
            g.linear(
                in,
                g.initializer("fc1.weight", w1.data(), 32, 16),
                g.initializer("fc1.bias", b1.data(), 32)));
    hidden = h.name();
    Value logits = g.linear(h, g.initializer("fc2.weight", w2.data(), 8, 32), null);
    g.output(g.softmax(logits, -1), "probs");
    return g.build();
  }

  private Tensor hiddenReference() {
    return ReferenceOps.gelu(ReferenceOps.linear(x, w1, b1));
  }

  @Test
  void exposeAndPruneAnExternalDataModel() {
    Path original = dir.resolve("classifier.onnx");
    OnnxEmitter.writeTo(classifier(), original, OnnxEmitter.Storage.EXTERNAL);

    OnnxGraphSurgery surgery = OnnxGraphSurgery.load(original);
    assertThat(surgery.valueNames()).contains("x", "fc1.weight", hidden, "probs");
    assertThat(surgery.dtypeOf(hidden)).contains(DType.F32);
    surgery.prune(List.of(hidden));

    ModelProto pruned = surgery.model();
    assertThat(surgery.outputNames()).containsExactly(hidden);
    assertThat(pruned.getGraph().getInitializerList())
        .extracting(TensorProto::getName)
        .contains("fc1.weight", "fc1.bias")
        .doesNotContain("fc2.weight");
    assertThat(pruned.getGraph().getInputList()).extracting(v -> v.getName()).containsExactly("x");
    assertThat(pruned.getGraph().getNodeList()).noneMatch(n -> n.getOpType().equals("Softmax"));

    Path cut = dir.resolve("classifier-hidden.onnx");
    surgery.writeTo(cut);
    Map<String, Tensor> out = OrtRunner.run(cut, Map.of("x", x));
    assertThat(out.keySet()).containsExactly(hidden);
    double error = OpBatch.maxError(out.get(hidden), hiddenReference());
    System.out.printf("surgery: pruned to %s, worst error %.2e%n", hidden, error);
    assertThat(error).isLessThan(OpBatch.FP32);
  }

  @Test
  void exposedValueWithoutValueInfoRunsWithTheTypeOrtInfers() {
    ModelProto.Builder stripped = OnnxEmitter.toModel(classifier()).toBuilder();
    stripped.getGraphBuilder().clearValueInfo();
    OnnxGraphSurgery surgery = OnnxGraphSurgery.of(stripped.build());
    assertThat(surgery.dtypeOf(hidden)).isEmpty();
    surgery.exposeOutput(hidden);
    assertThat(surgery.outputNames()).containsExactly("probs", hidden);

    Map<String, Object> feeds =
        Map.of("x", x, "attention_mask", new long[][] {{2, 16}, new long[32]});
    Map<String, Tensor> out = OrtRunner.run(surgery.model().toByteArray(), feeds);
    assertThat(OpBatch.maxError(out.get(hidden), hiddenReference())).isLessThan(OpBatch.FP32);
    Tensor probs = ReferenceOps.softmax(ReferenceOps.linear(hiddenReference(), w2, null), -1);
    assertThat(OpBatch.maxError(out.get("probs"), probs)).isLessThan(OpBatch.FP32);
  }

  @Test
  void unknownNamesListNearMatches() {
    GraphBuilder g = new GraphBuilder("named");
    Value in = g.input("x", DType.F32, 2, 16);
    g.output(g.exp(g.identity(g.sqrt(in), "mid_block.attentions.0")), "y");
    OnnxGraphSurgery surgery = OnnxGraphSurgery.of(OnnxEmitter.toModel(g.build()));
    assertThatThrownBy(() -> surgery.exposeOutput("mid_block.attention.0"))
        .isInstanceOf(UnknownValueException.class)
        .hasMessageContaining("exposeOutput")
        .hasMessageContaining("mid_block.attention.0")
        .satisfies(
            e ->
                assertThat(((UnknownValueException) e).nearMatches())
                    .first()
                    .isEqualTo("mid_block.attentions.0"));
    assertThatThrownBy(() -> surgery.prune(List.of("nope")))
        .isInstanceOf(UnknownValueException.class);
    assertThatThrownBy(() -> surgery.prune(List.of())).isInstanceOf(GraphException.class);
  }

  @Test
  void externalDataModelsMustStayInTheirFolder() throws Exception {
    Path original = dir.resolve("classifier.onnx");
    OnnxEmitter.writeTo(classifier(), original, OnnxEmitter.Storage.EXTERNAL);
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere")).resolve("c.onnx");
    OnnxGraphSurgery surgery = OnnxGraphSurgery.load(original).exposeOutput(hidden);
    assertThatThrownBy(() -> surgery.writeTo(elsewhere))
        .isInstanceOf(GraphException.class)
        .hasMessageContaining("external data");
  }
}
