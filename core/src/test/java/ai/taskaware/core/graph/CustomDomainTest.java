package ai.taskaware.core.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.taskaware.core.checkpoint.DType;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Operators of another domain than ONNX's default: the node carries its domain, the model imports
 * it, and ONNX Runtime runs it (its {@code com.microsoft} contrib operators).
 */
class CustomDomainTest {

  private static final String MS = "com.microsoft";

  @Test
  void contribGeluIsEmittedWithItsDomainAndMatchesTheReference() throws Exception {
    Tensor x = Tensor.random(new SplittableRandom(11), 3, 8);
    GraphBuilder g = new GraphBuilder("contrib");
    Value in = g.input("x", DType.F32, Shape.of(Dim.symbolic("batch"), Dim.of(8)));
    Value y = g.customOp(MS, 1, "Gelu", List.of(in), Map.of(), DType.F32, in.shape());
    // default-domain nodes after it keep the default domain
    g.output(g.add(y, 1.0), "y");
    Graph graph = g.build();
    assertThat(graph.domainOpsets()).containsExactly(Map.entry(MS, 1));
    assertThat(graph.nodes().get(0).domain()).isEqualTo(MS);
    assertThat(graph.nodes().get(0).toString()).contains("com.microsoft:Gelu");

    ModelProto model = ModelProto.parseFrom(OnnxEmitter.toBytes(graph));
    assertThat(model.getOpsetImportList())
        .extracting(OperatorSetIdProto::getDomain, OperatorSetIdProto::getVersion)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("", (long) graph.opset()),
            org.assertj.core.groups.Tuple.tuple(MS, 1L));
    assertThat(model.getGraph().getNodeList())
        .extracting(NodeProto::getOpType, NodeProto::getDomain)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Gelu", MS),
            org.assertj.core.groups.Tuple.tuple("Add", ""),
            org.assertj.core.groups.Tuple.tuple("Identity", "")); // names the output "y"

    Tensor out = OrtRunner.run(OnnxEmitter.toBytes(graph), Map.of("x", x)).get("y");
    Tensor expected = ReferenceOps.gelu(x);
    float[] shifted = expected.data().clone();
    for (int i = 0; i < shifted.length; i++) {
      shifted[i] += 1;
    }
    assertThat(OpBatch.maxError(out, new Tensor(expected.shape(), shifted)))
        .isLessThan(OpBatch.FP32);
  }

  @Test
  void theDefaultDomainAndConflictingOpsetsAreRefused() {
    GraphBuilder g = new GraphBuilder("bad");
    Value in = g.input("x", DType.F32, Shape.of(2));
    assertThatThrownBy(
            () -> g.customOp("", 1, "Relu", List.of(in), Map.of(), DType.F32, in.shape()))
        .isInstanceOf(GraphException.class)
        .hasMessageContaining("non-default domain");
    g.customOp(MS, 1, "Gelu", List.of(in), Map.of(), DType.F32, in.shape());
    assertThatThrownBy(
            () -> g.customOp(MS, 2, "Gelu", List.of(in), Map.of(), DType.F32, in.shape()))
        .isInstanceOf(GraphException.class)
        .hasMessageContaining("com.microsoft is imported at opset 1, not 2");
  }
}
