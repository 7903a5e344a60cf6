package ai.taskaware.llm.llama;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.taskaware.core.checkpoint.DType;
import ai.taskaware.core.checkpoint.TensorInfo;
import ai.taskaware.core.checkpoint.TensorSource;
import ai.taskaware.core.graph.GraphBuilder;
import ai.taskaware.core.graph.Value;
import ai.taskaware.core.graph.WeightPolicy;
import ai.taskaware.llm.quant.BlockQuantized;
import ai.taskaware.llm.quant.Int4Blocks;
import ai.taskaware.llm.quant.Int8Blocks;
import ai.taskaware.llm.quant.PackedWeights;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The linear layers of one decoder graph in a {@link LinearWeights} format, and the edit of the
 * emitted ONNX model that the format needs.
 *
 * <p>core's {@link GraphBuilder} emits only default-domain operators, so a quantized layer is built
 * as {@code MatMul(x, Expand(0, [K, N]))} — a stand-in with the right output shape and no weight
 * bytes — and {@link #rewrite} replaces each stand-in by a {@code com.microsoft:MatMulNBits} node
 * reading the packed initializers, which were added through {@link PackedWeights} so that they are
 * emitted (inline or as external data) like any weight.
 */
final class CompactLinears implements AutoCloseable {

  static final String MICROSOFT_DOMAIN = "com.microsoft";

  private final LinearWeights format;
  private final PackedWeights packed;
  private final Map<String, StandIn> standIns = new HashMap<>();

  private record StandIn(String placeholder, String packedName, String scalesName, int k, int n) {}

  /** Packed weights held on the heap. */
  CompactLinears(LinearWeights format) {
    this(format, null);
  }

  /**
   * Packed weights spilled to a scratch file in {@code scratchFolder} (null: on the heap), so that
   * quantizing a model bigger than the heap holds one layer at a time.
   */
  CompactLinears(LinearWeights format, Path scratchFolder) {
    this.format = format;
    this.packed = new PackedWeights(scratchFolder);
  }

  /** Deletes the packed weights' scratch file, once the model that reads them has been written. */
  @Override
  public void close() {
    packed.close();
  }

  LinearWeights format() {
    return format;
  }

  /** True when the emitted model must go through {@link #rewrite}. */
  boolean needsRewrite() {
    return format.isQuantized();
  }

  /**
   * {@code x·Wᵀ (+ bias)} for checkpoint weight {@code weightName} (laid out [out, in]).
   *
   * @param valueName the initializer name for the weight
   */
  Value linear(
      GraphBuilder g,
      TensorSource weights,
      String weightName,
      String valueName,
      Value x,
      Value bias) {
    Value y =
        switch (format) {
          case FLOAT32 -> g.linear(x, g.weight(weights, weightName, valueName), null);
          case HALF_RESIDENT -> halfResident(g, weights, weightName, valueName, x);
          case INT8_BLOCK256, INT4_BLOCK32, INT4_BLOCK128, INT4_BLOCK32_FLOAT_ACTIVATIONS ->
              quantized(g, weights, weightName, valueName, x);
        };
    return bias == null ? y : g.add(y, bias);
  }

  private Value halfResident(
      GraphBuilder g, TensorSource weights, String weightName, String valueName, Value x) {
    TensorInfo info = weights.info(weightName);
    long k = info.shape()[1];
    long n = info.shape()[0];
    Value rows = g.reshape(x, -1, k);
    Value w;
    if (info.dtype() == DType.F16 || info.dtype() == DType.BF16) {
      g.weightPolicy(WeightPolicy.KEEP);
      Value stored = g.weight(weights, weightName, valueName);
      g.weightPolicy(WeightPolicy.KEEP_AND_CAST);
      // ORT folds Cast(constant) into a float32 copy: an Expand to a shape computed from the
      // activations at run time makes the cast's input non-constant, so the half-precision
      // initializer is what stays resident and the cast happens per call
      Value runtimeOnes = g.div(g.shape(rows), g.shape(rows));
      w = g.reshape(g.cast(g.expand(stored, runtimeOnes), DType.F32), n, k);
    } else {
      w = g.weight(weights, weightName, valueName);
    }
    // Gemm with transB reads W as stored: no transposed copy is made per call
    Value y = g.gemm(rows, w, null, 1f, 1f, false, true);
    Value leading =
        g.slice(g.shape(x), new long[] {0}, new long[] {-1}, new long[] {0}, new long[] {1});
    return g.reshape(y, g.concat(0, leading, g.ints(n)));
  }

  private Value quantized(
      GraphBuilder g, TensorSource weights, String weightName, String valueName, Value x) {
    TensorInfo info = weights.info(weightName);
    long[] shape = info.shape();
    if (shape.length != 2) {
      throw new IllegalArgumentException(
          "linear weight " + weightName + " must be 2-D [out, in], got rank " + shape.length);
    }
    int n = Math.toIntExact(shape[0]);
    int k = Math.toIntExact(shape[1]);
    INDArray floats = weights.floatArray(weightName);
    float[] w = floats.data().asFloat();
    // free the off-heap copy now: left to the GC, a billion parameters' worth piles up
    floats.close();
    BlockQuantized q =
        format.bits() == 8
            ? Int8Blocks.quantize(w, n, k, format.blockSize())
            : Int4Blocks.quantize(w, n, k, format.blockSize());
    String packedName = valueName + ".int" + format.bits();
    String scalesName = valueName + ".int" + format.bits() + "_scales";
    packed.add(packedName, scalesName, q);
    g.weight(packed, packedName);
    g.weight(packed, scalesName);
    Value placeholder = g.expand(g.scalar(0, DType.F32), k, n);
    Value y = g.matMul(x, placeholder);
    standIns.put(y.name(), new StandIn(placeholder.name(), packedName, scalesName, k, n));
    return y;
  }

  /** Bytes of the packed tensors made so far. */
  long packedBytes() {
    return packed.byteLength();
  }

  /** The emitted model with its quantized stand-ins replaced (unchanged when there are none). */
  ModelProto rewrite(ModelProto model) {
    if (standIns.isEmpty()) {
      return model;
    }
    GraphProto.Builder graph = model.getGraph().toBuilder();
    replaceStandIns(graph);
    ModelProto.Builder out = model.toBuilder().setGraph(graph);
    if (out.getOpsetImportList().stream().noneMatch(o -> o.getDomain().equals(MICROSOFT_DOMAIN))) {
      out.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(MICROSOFT_DOMAIN).setVersion(1));
    }
    return out.build();
  }

  private void replaceStandIns(GraphProto.Builder graph) {
    Set<String> placeholders = new HashSet<>();
    standIns.values().forEach(s -> placeholders.add(s.placeholder()));
    Set<String> replaced = new HashSet<>();
    java.util.List<NodeProto> nodes = new java.util.ArrayList<>();
    for (NodeProto node : graph.getNodeList()) {
      if (node.getOutputCount() == 1 && placeholders.contains(node.getOutput(0))) {
        continue;
      }
      StandIn s = node.getOutputCount() == 1 ? standIns.get(node.getOutput(0)) : null;
      if (s == null || !node.getOpType().equals("MatMul")) {
        nodes.add(node);
        continue;
      }
      replaced.add(node.getOutput(0));
      nodes.add(
          NodeProto.newBuilder()
              .setName(node.getName())
              .setOpType("MatMulNBits")
              .setDomain(MICROSOFT_DOMAIN)
              .addInput(node.getInput(0))
              .addInput(s.packedName())
              .addInput(s.scalesName())
              .addOutput(node.getOutput(0))
              .addAttribute(intAttribute("K", s.k()))
              .addAttribute(intAttribute("N", s.n()))
              .addAttribute(intAttribute("bits", format.bits()))
              .addAttribute(intAttribute("block_size", format.blockSize()))
              .addAttribute(intAttribute("accuracy_level", format.accuracyLevel()))
              .build());
    }
    if (replaced.size() != standIns.size()) {
      throw new IllegalStateException(
          "found "
              + replaced.size()
              + " of "
              + standIns.size()
              + " quantized stand-in MatMul nodes");
    }
    graph.clearNode().addAllNode(nodes);
    java.util.List<ValueInfoProto> infos =
        graph.getValueInfoList().stream().filter(v -> !placeholders.contains(v.getName())).toList();
    graph.clearValueInfo().addAllValueInfo(infos);
  }

  private static AttributeProto intAttribute(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }
}
