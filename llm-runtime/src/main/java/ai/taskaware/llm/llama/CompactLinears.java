package ai.taskaware.llm.llama;

import ai.taskaware.core.checkpoint.DType;
import ai.taskaware.core.checkpoint.TensorInfo;
import ai.taskaware.core.checkpoint.TensorSource;
import ai.taskaware.core.graph.Dim;
import ai.taskaware.core.graph.GraphBuilder;
import ai.taskaware.core.graph.Shape;
import ai.taskaware.core.graph.Value;
import ai.taskaware.core.graph.WeightPolicy;
import ai.taskaware.llm.quant.BlockQuantized;
import ai.taskaware.llm.quant.Int4Blocks;
import ai.taskaware.llm.quant.Int8Blocks;
import ai.taskaware.llm.quant.PackedWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The linear layers of one decoder graph in a {@link LinearWeights} format. A quantized layer is a
 * {@code com.microsoft:MatMulNBits} node built through {@link GraphBuilder#customOp}, reading the
 * packed initializers added through {@link PackedWeights} so that they are emitted (inline or as
 * external data) like any weight.
 */
final class CompactLinears implements AutoCloseable {

  static final String MICROSOFT_DOMAIN = "com.microsoft";

  private final LinearWeights format;
  private final PackedWeights packed;

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
    Value b = g.weight(packed, packedName);
    Value scales = g.weight(packed, scalesName);
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("K", (long) k);
    attributes.put("N", (long) n);
    attributes.put("bits", (long) format.bits());
    attributes.put("block_size", (long) format.blockSize());
    attributes.put("accuracy_level", (long) format.accuracyLevel());
    List<Dim> dims = new ArrayList<>(x.shape().dims());
    dims.set(dims.size() - 1, Dim.of(n));
    return g.customOp(
        MICROSOFT_DOMAIN,
        1,
        "MatMulNBits",
        List.of(x, b, scales),
        attributes,
        DType.F32,
        Shape.of(dims));
  }

  /** Bytes of the packed tensors made so far. */
  long packedBytes() {
    return packed.byteLength();
  }
}
