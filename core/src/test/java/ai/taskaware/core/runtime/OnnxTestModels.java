package ai.taskaware.core.runtime;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Tiny hand-built ONNX models for the runtime tests (the graph builder lives elsewhere). A
 * dimension given as a String is symbolic, as a Long or Integer fixed.
 */
final class OnnxTestModels {
  private OnnxTestModels() {}

  /** {@code sum = a + b}, both FLOAT[2, 3]. */
  static byte[] add() {
    return model(
        List.of(value("a", DataType.FLOAT, 2, 3), value("b", DataType.FLOAT, 2, 3)),
        List.of(value("sum", DataType.FLOAT, 2, 3)),
        List.of(node("Add", "add", List.of("a", "b"), List.of("sum"))));
  }

  /** {@code y = x @ w}, x FLOAT[batch, 3], w FLOAT[3, 4], y FLOAT[batch, 4]. */
  static byte[] matMul() {
    return model(
        List.of(value("x", DataType.FLOAT, "batch", 3), value("w", DataType.FLOAT, 3, 4)),
        List.of(value("y", DataType.FLOAT, "batch", 4)),
        List.of(node("MatMul", "matmul", List.of("x", "w"), List.of("y"))));
  }

  /** {@code y = x} for one data type and declared shape. */
  static byte[] identity(DataType dataType, Object... dims) {
    return model(
        List.of(value("x", dataType, dims)),
        List.of(value("y", dataType, dims)),
        List.of(node("Identity", "identity", List.of("x"), List.of("y"))));
  }

  /**
   * Two independent branches of x FLOAT[2, 3]: {@code relu = Relu(x)} (node "relu_node") and {@code
   * exp = Exp(Sin(x))} (nodes "sin_node", "exp_node").
   */
  static byte[] twoBranches() {
    return model(
        List.of(value("x", DataType.FLOAT, 2, 3)),
        List.of(value("relu", DataType.FLOAT, 2, 3), value("exp", DataType.FLOAT, 2, 3)),
        List.of(
            node("Relu", "relu_node", List.of("x"), List.of("relu")),
            node("Sin", "sin_node", List.of("x"), List.of("s")),
            node("Exp", "exp_node", List.of("s"), List.of("exp"))));
  }

  /** {@code y = Cast(x)} from FLOAT[2, 4] to {@code to}. */
  static byte[] castFromFloat(DataType to) {
    NodeProto cast =
        node("Cast", "cast", List.of("x"), List.of("y")).toBuilder()
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("to")
                    .setType(AttributeProto.AttributeType.INT)
                    .setI(elemType(to)))
            .build();
    return model(
        List.of(value("x", DataType.FLOAT, 2, 4)), List.of(value("y", to, 2, 4)), List.of(cast));
  }

  static byte[] model(List<ValueInfoProto> in, List<ValueInfoProto> out, List<NodeProto> nodes) {
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("test")
            .addAllInput(in)
            .addAllOutput(out)
            .addAllNode(nodes)
            .build();
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("taskaware-runtime-test")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
        .setGraph(graph)
        .build()
        .toByteArray();
  }

  static NodeProto node(String op, String name, List<String> inputs, List<String> outputs) {
    return NodeProto.newBuilder()
        .setOpType(op)
        .setName(name)
        .addAllInput(inputs)
        .addAllOutput(outputs)
        .build();
  }

  static ValueInfoProto value(String name, DataType dataType, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object dim : dims) {
      TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
      if (dim instanceof String param) {
        d.setDimParam(param);
      } else {
        d.setDimValue(((Number) dim).longValue());
      }
      shape.addDim(d);
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(elemType(dataType)).setShape(shape)))
        .build();
  }

  static int elemType(DataType dataType) {
    return switch (dataType) {
      case FLOAT -> TensorProto.DataType.FLOAT_VALUE;
      case DOUBLE -> TensorProto.DataType.DOUBLE_VALUE;
      case HALF -> TensorProto.DataType.FLOAT16_VALUE;
      case BFLOAT16 -> TensorProto.DataType.BFLOAT16_VALUE;
      case LONG -> TensorProto.DataType.INT64_VALUE;
      case INT -> TensorProto.DataType.INT32_VALUE;
      case SHORT -> TensorProto.DataType.INT16_VALUE;
      case BYTE -> TensorProto.DataType.INT8_VALUE;
      case UBYTE -> TensorProto.DataType.UINT8_VALUE;
      case BOOL -> TensorProto.DataType.BOOL_VALUE;
      case UINT16 -> TensorProto.DataType.UINT16_VALUE;
      default -> throw new IllegalArgumentException("no ONNX element type for " + dataType);
    };
  }
}
