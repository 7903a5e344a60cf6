package ai.taskaware.core.graph;

import ai.taskaware.core.checkpoint.DType;
import ai.taskaware.core.checkpoint.HalfFloats;
import ai.taskaware.core.checkpoint.TensorInfo;
import ai.taskaware.core.checkpoint.TensorSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Records a {@link Graph}: ops are methods that take and return {@link Value}s, so model code reads
 * like the PyTorch forward it mirrors. Each method checks what it can cheaply (the values belong to
 * this builder, dtypes suit the op, fixed dims agree) and throws {@link GraphException} naming the
 * op and value otherwise. Node outputs get generated names under the current {@link #scope scope};
 * give a value an exact name with {@link #identity(Value, String)}.
 *
 * <p>Not thread-safe: one builder per graph.
 */
public final class GraphBuilder {

  /** The opset used unless another is asked for. */
  public static final int DEFAULT_OPSET = 17;

  /** The newest opset the emitted models may declare (supported by ONNX Runtime 1.29). */
  public static final int MAX_OPSET = 23;

  private final String name;
  private final int opset;
  private final List<Value> inputs = new ArrayList<>();
  private final List<Value> outputs = new ArrayList<>();
  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, Integer> domainOpsets = new LinkedHashMap<>();
  private final List<Initializer> initializers = new ArrayList<>();
  private final Map<String, Value> values = new LinkedHashMap<>();
  private final Map<String, long[]> longConstants = new HashMap<>();
  private final Map<String, Value> scalarCache = new HashMap<>();
  private final Deque<String> scopes = new ArrayDeque<>();
  private WeightPolicy weightPolicy = WeightPolicy.KEEP;
  private int counter;

  /** A builder for opset {@value #DEFAULT_OPSET}. */
  public GraphBuilder(String name) {
    this(name, DEFAULT_OPSET);
  }

  /**
   * A builder for the given default-domain opset.
   *
   * @throws GraphException when {@code opset} is outside 17..{@value #MAX_OPSET}
   */
  public GraphBuilder(String name, int opset) {
    if (opset < DEFAULT_OPSET || opset > MAX_OPSET) {
      throw new GraphException(
          "graph", name, "opset " + opset + " unsupported, expected 17.." + MAX_OPSET);
    }
    this.name = name;
    this.opset = opset;
  }

  /** The opset ops are written for. */
  public int opset() {
    return opset;
  }

  /** Sets how later {@link #weight} calls treat non-float32 checkpoint tensors. */
  public GraphBuilder weightPolicy(WeightPolicy policy) {
    this.weightPolicy = policy;
    return this;
  }

  /**
   * Prefixes the generated names of values made until the returned scope is closed ({@code
   * "down_blocks.0/Conv_12"}); scopes nest.
   */
  public Scope scope(String prefix) {
    scopes.addLast(prefix);
    return new Scope(scopes.size());
  }

  /** A naming scope; closing it restores the enclosing one. */
  public final class Scope implements AutoCloseable {
    private final int depth;

    private Scope(int depth) {
      this.depth = depth;
    }

    @Override
    public void close() {
      while (scopes.size() >= depth) {
        scopes.removeLast();
      }
    }
  }

  // ---------------------------------------------------------------- inputs, outputs, tensors

  /** Declares a graph input; dims may be symbolic. */
  public Value input(String name, DType dtype, Shape shape) {
    Value v = define("input", new Value(requireName("input", name), dtype, shape));
    inputs.add(v);
    return v;
  }

  /** Declares a graph input of fixed shape. */
  public Value input(String name, DType dtype, long... dims) {
    return input(name, dtype, Shape.of(dims));
  }

  /** Makes {@code v} a graph output under its own name. */
  public Value output(Value v) {
    known("output", v);
    if (outputs.stream().anyMatch(o -> o.name().equals(v.name()))) {
      throw new GraphException("output", v.name(), "value is already a graph output");
    }
    outputs.add(v);
    return v;
  }

  /** Makes {@code v} a graph output called {@code name} (through an Identity when renamed). */
  public Value output(Value v, String name) {
    known("output", v);
    return output(v.name().equals(name) ? v : identity(v, name));
  }

  /** A float32 constant of the given shape (row-major data). */
  public Value constant(float[] data, long... shape) {
    checkCount("constant", data.length, shape);
    return addInitializer(fresh("Const"), DType.F32, Shape.of(shape), encode(data), true);
  }

  /** An int64 constant of the given shape (row-major data). */
  public Value constant(long[] data, long... shape) {
    checkCount("constant", data.length, shape);
    Value v = addInitializer(fresh("Const"), DType.I64, Shape.of(shape), encode(data), true);
    longConstants.put(v.name(), data.clone());
    return v;
  }

  /** A 1-D int64 constant: shapes, axes, indices. */
  public Value ints(long... values) {
    return constant(values, values.length);
  }

  /** A scalar of the given numeric dtype (shared between uses). */
  public Value scalar(double value, DType dtype) {
    String key = dtype + ":" + Double.doubleToLongBits(value);
    Value cached = scalarCache.get(key);
    if (cached != null) {
      return cached;
    }
    Value v =
        addInitializer(fresh("Scalar"), dtype, Shape.scalar(), encodeScalar(value, dtype), true);
    if (dtype == DType.I64) {
      longConstants.put(v.name(), new long[] {(long) value});
    }
    scalarCache.put(key, v);
    return v;
  }

  /** A named float32 weight from an array (generated or test weights). */
  public Value initializer(String name, float[] data, long... shape) {
    checkCount(name, data.length, shape);
    return addInitializer(
        requireName("initializer", name), DType.F32, Shape.of(shape), encode(data), false);
  }

  /**
   * A named weight from an INDArray of type FLOAT, DOUBLE, HALF, BFLOAT16, LONG, INT or BOOL; the
   * array's values are copied once, in C order.
   */
  public Value initializer(String name, INDArray array) {
    requireName("initializer", name);
    long[] shape = array.shape();
    INDArray flat = Nd4j.toFlattened('c', array);
    TensorBytes bytes;
    DType dtype;
    switch (array.dataType()) {
      case FLOAT -> {
        dtype = DType.F32;
        bytes = encode(flat.toFloatVector());
      }
      case DOUBLE -> {
        dtype = DType.F64;
        double[] d = flat.toDoubleVector();
        ByteBuffer b = allocate(8L * d.length);
        b.asDoubleBuffer().put(d);
        bytes = new TensorBytes.Raw(b);
      }
      case HALF, BFLOAT16 -> {
        boolean fp16 = array.dataType() == org.nd4j.linalg.api.buffer.DataType.HALF;
        dtype = fp16 ? DType.F16 : DType.BF16;
        float[] f = flat.toFloatVector();
        ByteBuffer b = allocate(2L * f.length);
        for (float x : f) {
          b.putShort(fp16 ? HalfFloats.floatToHalf(x) : HalfFloats.floatToBfloat16(x));
        }
        bytes = new TensorBytes.Raw(b.flip());
      }
      case LONG -> {
        dtype = DType.I64;
        bytes = encode(flat.toLongVector());
      }
      case INT -> {
        dtype = DType.I32;
        int[] d = flat.toIntVector();
        ByteBuffer b = allocate(4L * d.length);
        b.asIntBuffer().put(d);
        bytes = new TensorBytes.Raw(b);
      }
      case BOOL -> {
        dtype = DType.BOOL;
        int[] d = flat.toIntVector();
        ByteBuffer b = allocate(d.length);
        for (int x : d) {
          b.put((byte) (x != 0 ? 1 : 0));
        }
        bytes = new TensorBytes.Raw(b.flip());
      }
      default ->
          throw new GraphException(
              "initializer",
              name,
              "INDArray type "
                  + array.dataType()
                  + " unsupported, expected FLOAT, DOUBLE, HALF,"
                  + " BFLOAT16, LONG, INT or BOOL");
    }
    return addInitializer(name, dtype, Shape.of(shape), bytes, false);
  }

  /**
   * A checkpoint weight under its checkpoint name; see {@link #weight(TensorSource, String,
   * String)}.
   */
  public Value weight(TensorSource source, String tensorName) {
    return weight(source, tensorName, tensorName);
  }

  /**
   * A checkpoint weight as an initializer named {@code valueName}. The initializer wraps the
   * tensor's memory-mapped bytes and is copied only when written out; the {@link WeightPolicy}
   * decides what happens to fp16/bf16/fp64 tensors. The mapped buffer must stay valid (the source
   * open) until the graph has been emitted.
   *
   * @throws ai.taskaware.core.checkpoint.CheckpointException when the tensor is absent or over 2
   *     GiB
   */
  public Value weight(TensorSource source, String tensorName, String valueName) {
    TensorInfo info = source.info(tensorName);
    ByteBuffer buffer = source.buffer(tensorName);
    Shape shape = Shape.of(info.shape());
    boolean convertible = info.dtype().isFloatingPoint() && info.dtype() != DType.F32;
    if (convertible && weightPolicy == WeightPolicy.CONVERT_TO_FLOAT) {
      return addInitializer(
          requireName("weight", valueName),
          DType.F32,
          shape,
          new TensorBytes.ToFloat(buffer, info.dtype()),
          false);
    }
    Value raw =
        addInitializer(
            requireName("weight", valueName),
            info.dtype(),
            shape,
            new TensorBytes.Raw(buffer),
            false);
    if (convertible && weightPolicy == WeightPolicy.KEEP_AND_CAST) {
      return cast(raw, DType.F32);
    }
    return raw;
  }

  /**
   * An operator of another domain than ONNX's default, such as ONNX Runtime's {@code com.microsoft}
   * contrib operators ({@code MatMulNBits}). The builder knows nothing of its semantics, so the
   * caller states the output's type and shape; the graph imports {@code domain} at {@code
   * domainOpset}.
   *
   * @param attributes as {@link Node} documents
   * @throws GraphException when the domain is empty (use the typed methods), an input is unknown,
   *     or the domain was already used at another opset version
   */
  public Value customOp(
      String domain,
      int domainOpset,
      String opType,
      List<Value> ins,
      Map<String, Object> attributes,
      DType outType,
      Shape outShape) {
    if (domain == null || domain.isEmpty()) {
      throw new GraphException(
          opType, name, "customOp needs a non-default domain; use the typed builder methods");
    }
    Integer previous = domainOpsets.putIfAbsent(domain, domainOpset);
    if (previous != null && previous != domainOpset) {
      throw new GraphException(
          opType,
          name,
          "domain " + domain + " is imported at opset " + previous + ", not " + domainOpset);
    }
    return addNode(
            domain,
            opType,
            ins,
            attributes,
            List.of(fresh(opType)),
            List.of(outType),
            List.of(outShape))
        .get(0);
  }

  /** Gives {@code x} an exact name through an Identity node. */
  public Value identity(Value x, String name) {
    known("Identity", x);
    return nodeNamed(
        "Identity", requireName("Identity", name), List.of(x), Map.of(), x.dtype(), x.shape());
  }

  /** Identity under a generated name. */
  public Value identity(Value x) {
    return node("Identity", List.of(x), Map.of(), x.dtype(), known("Identity", x).shape());
  }

  /**
   * The graph so far. The builder may go on being used; later additions do not affect the returned
   * graph.
   *
   * @throws GraphException when the graph has no outputs
   */
  public Graph build() {
    if (outputs.isEmpty()) {
      throw new GraphException("build", name, "graph has no outputs; call output(value)");
    }
    return new Graph(name, opset, inputs, outputs, nodes, initializers, values, domainOpsets);
  }

  // ---------------------------------------------------------------- elementwise

  /** Broadcasting {@code a + b}. */
  public Value add(Value a, Value b) {
    return binary("Add", a, b);
  }

  /** {@code a + b} with a scalar of {@code a}'s dtype. */
  public Value add(Value a, double b) {
    return add(a, scalar(b, known("Add", a).dtype()));
  }

  /** Broadcasting {@code a - b}. */
  public Value sub(Value a, Value b) {
    return binary("Sub", a, b);
  }

  /** {@code a - b} with a scalar of {@code a}'s dtype. */
  public Value sub(Value a, double b) {
    return sub(a, scalar(b, known("Sub", a).dtype()));
  }

  /** Broadcasting {@code a * b}. */
  public Value mul(Value a, Value b) {
    return binary("Mul", a, b);
  }

  /** {@code a * b} with a scalar of {@code a}'s dtype. */
  public Value mul(Value a, double b) {
    return mul(a, scalar(b, known("Mul", a).dtype()));
  }

  /** Broadcasting {@code a / b}. */
  public Value div(Value a, Value b) {
    return binary("Div", a, b);
  }

  /** {@code a / b} with a scalar of {@code a}'s dtype. */
  public Value div(Value a, double b) {
    return div(a, scalar(b, known("Div", a).dtype()));
  }

  /** Broadcasting {@code a ^ b} for floating-point {@code a}. */
  public Value pow(Value a, Value b) {
    requireFloat("Pow", a);
    known("Pow", b);
    return node("Pow", List.of(a, b), Map.of(), a.dtype(), broadcast("Pow", a, b));
  }

  /** {@code a ^ b} with a scalar exponent. */
  public Value pow(Value a, double b) {
    return pow(a, scalar(b, known("Pow", a).dtype()));
  }

  /** Broadcasting elementwise minimum. */
  public Value min(Value a, Value b) {
    return binary("Min", a, b);
  }

  /** Broadcasting elementwise maximum. */
  public Value max(Value a, Value b) {
    return binary("Max", a, b);
  }

  /** Broadcasting {@code a == b} (BOOL). */
  public Value equal(Value a, Value b) {
    return comparison("Equal", a, b);
  }

  /** Broadcasting {@code a < b} (BOOL). */
  public Value less(Value a, Value b) {
    return comparison("Less", a, b);
  }

  /** Broadcasting {@code a > b} (BOOL). */
  public Value greater(Value a, Value b) {
    return comparison("Greater", a, b);
  }

  /** Broadcasting {@code condition ? a : b}. */
  public Value where(Value condition, Value a, Value b) {
    requireType("Where", condition, DType.BOOL);
    requireSame("Where", a, b);
    Shape s =
        broadcast(
            "Where",
            b.name(),
            broadcast("Where", a.name(), condition.shape(), a.shape()),
            b.shape());
    return node("Where", List.of(condition, a, b), Map.of(), a.dtype(), s);
  }

  /** Square root. */
  public Value sqrt(Value x) {
    return floatUnary("Sqrt", x);
  }

  /** e^x. */
  public Value exp(Value x) {
    return floatUnary("Exp", x);
  }

  /** Natural logarithm. */
  public Value log(Value x) {
    return floatUnary("Log", x);
  }

  /** Gauss error function. */
  public Value erf(Value x) {
    return floatUnary("Erf", x);
  }

  /** Hyperbolic tangent. */
  public Value tanh(Value x) {
    return floatUnary("Tanh", x);
  }

  /** Logistic sigmoid. */
  public Value sigmoid(Value x) {
    return floatUnary("Sigmoid", x);
  }

  /** 1 / x. */
  public Value reciprocal(Value x) {
    return floatUnary("Reciprocal", x);
  }

  /** -x. */
  public Value neg(Value x) {
    requireNumeric("Neg", x);
    return node("Neg", List.of(x), Map.of(), x.dtype(), x.shape());
  }

  /** |x|. */
  public Value abs(Value x) {
    requireNumeric("Abs", x);
    return node("Abs", List.of(x), Map.of(), x.dtype(), x.shape());
  }

  /** Element type conversion. */
  public Value cast(Value x, DType to) {
    known("Cast", x);
    return node("Cast", List.of(x), Map.of("to", to), to, x.shape());
  }

  // ---------------------------------------------------------------- activations

  /** Exact GELU, {@code 0.5·x·(1 + erf(x/√2))} (torch {@code approximate="none"}). */
  public Value gelu(Value x) {
    requireFloat("Gelu", x);
    Value inner = add(erf(mul(x, 0.7071067811865476)), 1.0);
    return mul(mul(x, inner), 0.5);
  }

  /** GELU with the tanh approximation (torch {@code approximate="tanh"}, {@code gelu_new}). */
  public Value geluTanh(Value x) {
    requireFloat("GeluTanh", x);
    Value cube = mul(mul(x, x), x);
    Value inner = mul(add(x, mul(cube, 0.044715)), 0.7978845608028654);
    return mul(mul(x, add(tanh(inner), 1.0)), 0.5);
  }

  /** CLIP's {@code x·sigmoid(1.702·x)}. */
  public Value quickGelu(Value x) {
    requireFloat("QuickGelu", x);
    return mul(x, sigmoid(mul(x, 1.702)));
  }

  /** SiLU (swish), {@code x·sigmoid(x)}. */
  public Value silu(Value x) {
    requireFloat("Silu", x);
    return mul(x, sigmoid(x));
  }

  /** Softmax along {@code axis} (negative counts from the end). */
  public Value softmax(Value x, long axis) {
    requireFloat("Softmax", x);
    checkAxis("Softmax", x, axis);
    return node("Softmax", List.of(x), Map.of("axis", axis), x.dtype(), x.shape());
  }

  // ---------------------------------------------------------------- linear algebra, conv

  /** Numpy-style matrix product. */
  public Value matMul(Value a, Value b) {
    requireSame("MatMul", a, b);
    requireNumeric("MatMul", a);
    return node("MatMul", List.of(a, b), Map.of(), a.dtype(), matMulShape(a, b));
  }

  /**
   * {@code alpha·op(a)·op(b) + beta·c} on 2-D {@code a}, {@code b}; {@code c} may be null and
   * broadcasts.
   */
  public Value gemm(
      Value a, Value b, Value c, float alpha, float beta, boolean transA, boolean transB) {
    requireSame("Gemm", a, b);
    requireFloat("Gemm", a);
    requireRank("Gemm", a, 2);
    requireRank("Gemm", b, 2);
    if (c != null) {
      requireSame("Gemm", a, c);
    }
    Dim m = a.shape().dim(transA ? 1 : 0);
    Dim ka = a.shape().dim(transA ? 0 : 1);
    Dim kb = b.shape().dim(transB ? 1 : 0);
    Dim n = b.shape().dim(transB ? 0 : 1);
    checkEqual("Gemm", b, ka, kb, "inner dimension");
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("alpha", alpha);
    attrs.put("beta", beta);
    attrs.put("transA", transA ? 1L : 0L);
    attrs.put("transB", transB ? 1L : 0L);
    return node("Gemm", Arrays.asList(a, b, c), attrs, a.dtype(), Shape.of(m, n));
  }

  /**
   * PyTorch {@code nn.Linear}: {@code x·Wᵀ + b} with {@code W} laid out (out, in) and {@code b}
   * (out) or null.
   */
  public Value linear(Value x, Value weight, Value bias) {
    requireSame("Linear", x, weight);
    requireRank("Linear", weight, 2);
    if (x.shape().isRankKnown() && x.rank() >= 1) {
      checkEqual("Linear", weight, x.shape().dim(-1), weight.shape().dim(1), "input features");
    }
    Value y = matMul(x, transpose(weight, 1, 0));
    return bias == null ? y : add(y, bias);
  }

  /**
   * N-d convolution, {@code x} (N, C, spatial…) and {@code w} (M, C/groups, kernel…).
   *
   * @param bias (M) or null
   * @param strides per spatial dim
   * @param pads begin pads of every spatial dim, then end pads (ONNX order)
   * @param dilations per spatial dim
   * @param groups channel groups
   */
  public Value conv(
      Value x, Value w, Value bias, long[] strides, long[] pads, long[] dilations, long groups) {
    requireSame("Conv", x, w);
    requireFloat("Conv", x);
    if (bias != null) {
      requireSame("Conv", x, bias);
    }
    int spatial = strides.length;
    if (spatial < 1 || dilations.length != spatial || pads.length != 2 * spatial) {
      throw new GraphException(
          "Conv",
          x.name(),
          "expected as many strides as dilations (at least one) and twice as many pads, got "
              + strides.length
              + ", "
              + dilations.length
              + " and "
              + pads.length);
    }
    for (Value v : List.of(x, w)) {
      if (v.shape().isRankKnown() && v.rank() != spatial + 2) {
        throw new GraphException(
            "Conv", v.name(), "rank " + v.rank() + " does not fit " + spatial + " spatial dims");
      }
    }
    if (w.shape().isRankKnown() && x.shape().isRankKnown()) {
      Dim c = x.shape().dim(1);
      Dim wc = w.shape().dim(1);
      if (c.isFixed() && wc.isFixed() && c.size() != wc.size() * groups) {
        throw new GraphException(
            "Conv",
            w.name(),
            "input has " + c.size() + " channels but weight expects " + wc.size() + "×" + groups);
      }
    }
    List<Dim> out = new ArrayList<>();
    if (x.shape().isRankKnown()) {
      out.add(x.shape().dim(0));
      out.add(w.shape().isRankKnown() ? w.shape().dim(0) : Dim.unknown());
      for (int i = 0; i < spatial; i++) {
        Dim in = x.shape().dim(2 + i);
        Dim k = w.shape().isRankKnown() ? w.shape().dim(2 + i) : Dim.unknown();
        if (in.isFixed() && k.isFixed()) {
          long eff = dilations[i] * (k.size() - 1) + 1;
          long size = (in.size() + pads[i] + pads[i + spatial] - eff) / strides[i] + 1;
          if (size < 1) {
            throw new GraphException(
                "Conv", x.name(), "kernel larger than padded input along spatial dim " + i);
          }
          out.add(Dim.of(size));
        } else {
          out.add(Dim.unknown());
        }
      }
    }
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("strides", strides.clone());
    attrs.put("pads", pads.clone());
    attrs.put("dilations", dilations.clone());
    attrs.put("group", groups);
    Shape shape = x.shape().isRankKnown() ? Shape.of(out) : Shape.unknownRank();
    return node("Conv", Arrays.asList(x, w, bias), attrs, x.dtype(), shape);
  }

  /** 2-D convolution with square stride and symmetric padding, dilation 1, one group. */
  public Value conv2d(Value x, Value w, Value bias, long stride, long padding) {
    return conv(
        x,
        w,
        bias,
        new long[] {stride, stride},
        new long[] {padding, padding, padding, padding},
        new long[] {1, 1},
        1);
  }

  // ---------------------------------------------------------------- normalization

  /**
   * {@code torch.nn.GroupNorm}: normalizes {@code x} (N, C, …) over each of {@code groups} channel
   * groups with biased variance, then applies per-channel {@code scale} and {@code bias} (either
   * may be null). Decomposed into Reshape/ReduceMean ops, because the opset-18 GroupNormalization
   * op takes per-group, not per-channel, scale.
   */
  public Value groupNorm(Value x, long groups, Value scale, Value bias, double eps) {
    requireFloat("GroupNorm", x);
    if (!x.shape().isRankKnown() || x.rank() < 2) {
      throw new GraphException(
          "GroupNorm", x.name(), "input needs known rank >= 2, got " + x.shape());
    }
    Dim c = x.shape().dim(1);
    if (c.isFixed() && c.size() % groups != 0) {
      throw new GraphException(
          "GroupNorm", x.name(), c.size() + " channels not divisible into " + groups + " groups");
    }
    Value grouped = reshape(x, ints(0, groups, -1));
    Value mean = reduceMean(grouped, true, 2);
    Value centered = sub(grouped, mean);
    Value variance = reduceMean(mul(centered, centered), true, 2);
    Value normalized = div(centered, sqrt(add(variance, eps)));
    Value y = node("Reshape", List.of(normalized, shape(x)), Map.of(), x.dtype(), x.shape());
    long[] trailing = new long[x.rank() - 2];
    for (int i = 0; i < trailing.length; i++) {
      trailing[i] = i + 1;
    }
    if (scale != null) {
      requireSame("GroupNorm", x, scale);
      y = mul(y, trailing.length == 0 ? scale : unsqueeze(scale, trailing));
    }
    if (bias != null) {
      requireSame("GroupNorm", x, bias);
      y = add(y, trailing.length == 0 ? bias : unsqueeze(bias, trailing));
    }
    return y;
  }

  /** {@code torch.nn.LayerNorm} over the last axis (ONNX LayerNormalization); bias may be null. */
  public Value layerNorm(Value x, Value scale, Value bias, double eps) {
    requireFloat("LayerNormalization", x);
    requireSame("LayerNormalization", x, scale);
    if (bias != null) {
      requireSame("LayerNormalization", x, bias);
    }
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("axis", -1L);
    attrs.put("epsilon", (float) eps);
    return node("LayerNormalization", Arrays.asList(x, scale, bias), attrs, x.dtype(), x.shape());
  }

  /**
   * LLaMA's RMSNorm: {@code x·rsqrt(mean(x², -1) + eps)} computed in float32, cast back to {@code
   * x}'s dtype, times {@code weight}.
   */
  public Value rmsNorm(Value x, Value weight, double eps) {
    requireFloat("RMSNorm", x);
    requireSame("RMSNorm", x, weight);
    Value xf = x.dtype() == DType.F32 ? x : cast(x, DType.F32);
    Value meanSquare = reduceMean(mul(xf, xf), true, -1);
    Value normalized = mul(xf, reciprocal(sqrt(add(meanSquare, eps))));
    Value back = x.dtype() == DType.F32 ? normalized : cast(normalized, x.dtype());
    return mul(back, weight);
  }

  // ---------------------------------------------------------------- attention

  /**
   * Scaled dot-product attention {@code softmax(q·kᵀ·scale + mask)·v} on (…, S, D) tensors; {@code
   * mask} is additive, broadcasts to the scores, and may be null.
   */
  public Value attention(Value q, Value k, Value v, Value mask, double scale) {
    requireSame("Attention", q, k);
    requireSame("Attention", q, v);
    if (!k.shape().isRankKnown() || k.rank() < 2) {
      throw new GraphException(
          "Attention", k.name(), "keys need known rank >= 2, got " + k.shape());
    }
    long[] perm = new long[k.rank()];
    for (int i = 0; i < perm.length; i++) {
      perm[i] = i;
    }
    perm[perm.length - 1] = perm.length - 2;
    perm[perm.length - 2] = perm.length - 1;
    Value scores = mul(matMul(q, transpose(k, perm)), scale);
    if (mask != null) {
      requireSame("Attention", q, mask);
      scores = add(scores, mask);
    }
    return matMul(softmax(scores, -1), v);
  }

  /** (B, S, H·D) → (B, H, S, D). */
  public Value splitHeads(Value x, long heads) {
    requireRank("SplitHeads", x, 3);
    Dim hidden = x.shape().dim(2);
    if (hidden.isFixed() && hidden.size() % heads != 0) {
      throw new GraphException(
          "SplitHeads", x.name(), "hidden size " + hidden.size() + " not divisible by " + heads);
    }
    return transpose(reshape(x, ints(0, 0, heads, -1)), 0, 2, 1, 3);
  }

  /** (B, H, S, D) → (B, S, H·D). */
  public Value mergeHeads(Value x) {
    requireRank("MergeHeads", x, 4);
    return reshape(transpose(x, 0, 2, 1, 3), ints(0, 0, -1));
  }

  // ---------------------------------------------------------------- shape ops

  /** Reshape to fixed target dims; 0 copies the input dim, -1 is inferred. */
  public Value reshape(Value x, long... shape) {
    return reshape(x, ints(shape));
  }

  /** Reshape to a runtime int64 shape (0 copies the input dim, -1 is inferred). */
  public Value reshape(Value x, Value shape) {
    known("Reshape", x);
    requireType("Reshape", shape, DType.I64);
    long[] target = longConstants.get(shape.name());
    Shape out;
    if (target != null) {
      out = reshapeShape(x, target);
    } else if (shape.shape().isStatic() && shape.rank() == 1) {
      out = Shape.ofRank((int) shape.shape().dim(0).size());
    } else {
      out = Shape.unknownRank();
    }
    return node("Reshape", List.of(x, shape), Map.of(), x.dtype(), out);
  }

  /** Permutes dims: output dim i is input dim {@code perm[i]}. */
  public Value transpose(Value x, long... perm) {
    known("Transpose", x);
    Shape out = Shape.ofRank(perm.length);
    if (x.shape().isRankKnown()) {
      if (x.rank() != perm.length) {
        throw new GraphException(
            "Transpose", x.name(), "perm " + Arrays.toString(perm) + " for rank " + x.rank());
      }
      boolean[] seen = new boolean[perm.length];
      Dim[] d = new Dim[perm.length];
      for (int i = 0; i < perm.length; i++) {
        if (perm[i] < 0 || perm[i] >= perm.length || seen[(int) perm[i]]) {
          throw new GraphException(
              "Transpose", x.name(), "not a permutation: " + Arrays.toString(perm));
        }
        seen[(int) perm[i]] = true;
        d[i] = x.shape().dim((int) perm[i]);
      }
      out = Shape.of(d);
    }
    return node("Transpose", List.of(x), Map.of("perm", perm.clone()), x.dtype(), out);
  }

  /** Joins values along {@code axis}. */
  public Value concat(long axis, Value... parts) {
    if (parts.length == 0) {
      throw new GraphException("Concat", null, "needs at least one input");
    }
    Value first = parts[0];
    for (Value p : parts) {
      requireSame("Concat", first, p);
    }
    Shape out = Shape.unknownRank();
    if (first.shape().isRankKnown()) {
      int rank = first.rank();
      int ax = normalizeAxis("Concat", first, axis, rank);
      Dim[] d = first.shape().dims().toArray(new Dim[0]);
      long total = 0;
      boolean fixed = true;
      for (Value p : parts) {
        if (!p.shape().isRankKnown() || p.rank() != rank) {
          throw new GraphException(
              "Concat", p.name(), "rank " + p.rank() + " differs from " + rank);
        }
        for (int i = 0; i < rank; i++) {
          if (i != ax) {
            checkEqual("Concat", p, d[i], p.shape().dim(i), "dim " + i);
          }
        }
        Dim a = p.shape().dim(ax);
        fixed &= a.isFixed();
        total += a.isFixed() ? a.size() : 0;
      }
      d[ax] = fixed ? Dim.of(total) : Dim.unknown();
      out = Shape.of(d);
    }
    return node("Concat", List.of(parts), Map.of("axis", axis), first.dtype(), out);
  }

  /** Splits {@code x} along {@code axis} into parts of the given sizes. */
  public List<Value> split(Value x, long axis, long... sizes) {
    known("Split", x);
    List<Shape> shapes = new ArrayList<>();
    List<DType> types = new ArrayList<>();
    for (long s : sizes) {
      types.add(x.dtype());
      if (x.shape().isRankKnown()) {
        int ax = normalizeAxis("Split", x, axis, x.rank());
        Dim[] d = x.shape().dims().toArray(new Dim[0]);
        d[ax] = Dim.of(s);
        shapes.add(Shape.of(d));
      } else {
        shapes.add(Shape.unknownRank());
      }
    }
    if (x.shape().isRankKnown()) {
      Dim along = x.shape().dim(normalizeAxis("Split", x, axis, x.rank()));
      long sum = Arrays.stream(sizes).sum();
      if (along.isFixed() && along.size() != sum) {
        throw new GraphException(
            "Split",
            x.name(),
            "sizes " + Arrays.toString(sizes) + " sum to " + sum + ", dim is " + along.size());
      }
    }
    return nodeMulti("Split", List.of(x, ints(sizes)), Map.of("axis", axis), types, shapes);
  }

  /**
   * Static slice: for each of {@code axes}, elements {@code starts[i]} (inclusive) to {@code
   * ends[i]} (exclusive) stepping {@code steps[i]}; negative indices count from the end and
   * out-of-range ones clamp, as in ONNX.
   */
  public Value slice(Value x, long[] starts, long[] ends, long[] axes, long[] steps) {
    known("Slice", x);
    if (starts.length != ends.length
        || starts.length != axes.length
        || steps.length != axes.length) {
      throw new GraphException("Slice", x.name(), "starts, ends, axes and steps differ in length");
    }
    Shape out = Shape.unknownRank();
    if (x.shape().isRankKnown()) {
      Dim[] d = x.shape().dims().toArray(new Dim[0]);
      for (int i = 0; i < axes.length; i++) {
        int ax = normalizeAxis("Slice", x, axes[i], x.rank());
        if (steps[i] == 0) {
          throw new GraphException("Slice", x.name(), "step must not be 0");
        }
        d[ax] =
            d[ax].isFixed()
                ? Dim.of(sliceLength(d[ax].size(), starts[i], ends[i], steps[i]))
                : Dim.unknown();
      }
      out = Shape.of(d);
    }
    return node(
        "Slice",
        List.of(x, ints(starts), ints(ends), ints(axes), ints(steps)),
        Map.of(),
        x.dtype(),
        out);
  }

  /** Slice with runtime int64 starts/ends (1-D, one entry per axis); axes and steps may be null. */
  public Value slice(Value x, Value starts, Value ends, Value axes, Value steps) {
    known("Slice", x);
    requireIndex("Slice", starts);
    requireIndex("Slice", ends);
    Shape out = x.shape().isRankKnown() ? Shape.ofRank(x.rank()) : Shape.unknownRank();
    return node("Slice", Arrays.asList(x, starts, ends, axes, steps), Map.of(), x.dtype(), out);
  }

  /** Takes entries of {@code x} along {@code axis} at int32/int64 {@code indices}. */
  public Value gather(Value x, Value indices, long axis) {
    known("Gather", x);
    requireIndex("Gather", indices);
    Shape out = Shape.unknownRank();
    if (x.shape().isRankKnown() && indices.shape().isRankKnown()) {
      int ax = normalizeAxis("Gather", x, axis, x.rank());
      List<Dim> d = new ArrayList<>(x.shape().dims().subList(0, ax));
      d.addAll(indices.shape().dims());
      d.addAll(x.shape().dims().subList(ax + 1, x.rank()));
      out = Shape.of(d);
    }
    return node("Gather", List.of(x, indices), Map.of("axis", axis), x.dtype(), out);
  }

  /** Broadcasts {@code x} to (at least) the given dims. */
  public Value expand(Value x, long... shape) {
    return expand(x, ints(shape));
  }

  /** Broadcasts {@code x} to a runtime int64 shape. */
  public Value expand(Value x, Value shape) {
    known("Expand", x);
    requireType("Expand", shape, DType.I64);
    long[] target = longConstants.get(shape.name());
    Shape out =
        target != null
            ? broadcast("Expand", x.name(), x.shape(), Shape.of(target))
            : Shape.unknownRank();
    return node("Expand", List.of(x, shape), Map.of(), x.dtype(), out);
  }

  /** Inserts size-1 dims at {@code axes} (of the output). */
  public Value unsqueeze(Value x, long... axes) {
    known("Unsqueeze", x);
    Shape out = Shape.unknownRank();
    if (x.shape().isRankKnown()) {
      int rank = x.rank() + axes.length;
      Dim[] d = new Dim[rank];
      for (long a : axes) {
        int ax = normalizeAxis("Unsqueeze", x, a, rank);
        if (d[ax] != null) {
          throw new GraphException("Unsqueeze", x.name(), "repeated axis " + a);
        }
        d[ax] = Dim.of(1);
      }
      int j = 0;
      for (int i = 0; i < rank; i++) {
        if (d[i] == null) {
          d[i] = x.shape().dim(j++);
        }
      }
      out = Shape.of(d);
    }
    return node("Unsqueeze", List.of(x, ints(axes)), Map.of(), x.dtype(), out);
  }

  /** Removes the size-1 dims at {@code axes}. */
  public Value squeeze(Value x, long... axes) {
    known("Squeeze", x);
    Shape out = Shape.unknownRank();
    if (x.shape().isRankKnown()) {
      boolean[] drop = new boolean[x.rank()];
      for (long a : axes) {
        int ax = normalizeAxis("Squeeze", x, a, x.rank());
        Dim d = x.shape().dim(ax);
        if (d.isFixed() && d.size() != 1) {
          throw new GraphException(
              "Squeeze", x.name(), "dim " + a + " has size " + d.size() + ", not 1");
        }
        drop[ax] = true;
      }
      List<Dim> d = new ArrayList<>();
      for (int i = 0; i < drop.length; i++) {
        if (!drop[i]) {
          d.add(x.shape().dim(i));
        }
      }
      out = Shape.of(d);
    }
    return node("Squeeze", List.of(x, ints(axes)), Map.of(), x.dtype(), out);
  }

  /**
   * Nearest-neighbour upsampling of the last two dims by an integer factor, identical to torch
   * {@code F.interpolate(x, scale_factor=factor, mode="nearest")}.
   */
  public Value upsampleNearest2d(Value x, long factor) {
    requireRank("Resize", x, 4);
    return resizeNearest(x, new float[] {1, 1, factor, factor});
  }

  /**
   * Nearest-neighbour resize by per-dim scales, with torch's rule (source index {@code floor(dst /
   * scale)}).
   */
  public Value resizeNearest(Value x, float... scales) {
    known("Resize", x);
    Shape out = Shape.unknownRank();
    if (x.shape().isRankKnown()) {
      if (scales.length != x.rank()) {
        throw new GraphException(
            "Resize", x.name(), scales.length + " scales for rank " + x.rank());
      }
      Dim[] d = new Dim[x.rank()];
      for (int i = 0; i < d.length; i++) {
        Dim in = x.shape().dim(i);
        d[i] =
            in.isFixed()
                ? Dim.of((long) Math.floor(in.size() * scales[i]))
                : scales[i] == 1 ? in : Dim.unknown();
      }
      out = Shape.of(d);
    }
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("mode", "nearest");
    attrs.put("coordinate_transformation_mode", "asymmetric");
    attrs.put("nearest_mode", "floor");
    Value scaleValue =
        addInitializer(fresh("Scales"), DType.F32, Shape.of(scales.length), encode(scales), true);
    return node("Resize", Arrays.asList(x, null, scaleValue), attrs, x.dtype(), out);
  }

  /**
   * Constant padding; {@code pads} holds the begin pad of every dim, then the end pad of every dim
   * (ONNX order), and may be negative to crop.
   */
  public Value pad(Value x, long[] pads, double value) {
    known("Pad", x);
    Shape out = Shape.unknownRank();
    if (x.shape().isRankKnown()) {
      if (pads.length != 2 * x.rank()) {
        throw new GraphException(
            "Pad",
            x.name(),
            pads.length + " pads for rank " + x.rank() + ", expected " + 2 * x.rank());
      }
      Dim[] d = new Dim[x.rank()];
      for (int i = 0; i < d.length; i++) {
        Dim in = x.shape().dim(i);
        d[i] = in.isFixed() ? Dim.of(in.size() + pads[i] + pads[i + d.length]) : Dim.unknown();
      }
      out = Shape.of(d);
    }
    return node(
        "Pad",
        List.of(x, ints(pads), scalar(value, x.dtype())),
        Map.of("mode", "constant"),
        x.dtype(),
        out);
  }

  /** Mean over {@code axes} (all axes when empty). */
  public Value reduceMean(Value x, boolean keepDims, long... axes) {
    requireNumeric("ReduceMean", x);
    return reduce("ReduceMean", x, keepDims, axes);
  }

  /** Sum over {@code axes} (all axes when empty). */
  public Value reduceSum(Value x, boolean keepDims, long... axes) {
    requireNumeric("ReduceSum", x);
    return reduce("ReduceSum", x, keepDims, axes);
  }

  /** Maximum over {@code axes} (all axes when empty). */
  public Value reduceMax(Value x, boolean keepDims, long... axes) {
    requireNumeric("ReduceMax", x);
    return reduce("ReduceMax", x, keepDims, axes);
  }

  /** {@code start, start+delta, …} below {@code limit}; three scalars of one numeric dtype. */
  public Value range(Value start, Value limit, Value delta) {
    requireSame("Range", start, limit);
    requireSame("Range", start, delta);
    requireNumeric("Range", start);
    return node("Range", List.of(start, limit, delta), Map.of(), start.dtype(), Shape.ofRank(1));
  }

  /** Inclusive running sum along {@code axis}. */
  public Value cumSum(Value x, long axis) {
    return cumSum(x, axis, false, false);
  }

  /** Running sum along {@code axis}, optionally exclusive and/or from the end. */
  public Value cumSum(Value x, long axis, boolean exclusive, boolean reverse) {
    requireNumeric("CumSum", x);
    checkAxis("CumSum", x, axis);
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("exclusive", exclusive ? 1L : 0L);
    attrs.put("reverse", reverse ? 1L : 0L);
    return node("CumSum", List.of(x, scalar(axis, DType.I64)), attrs, x.dtype(), x.shape());
  }

  /** The runtime shape of {@code x} as a 1-D int64 tensor. */
  public Value shape(Value x) {
    known("Shape", x);
    Shape out = x.shape().isRankKnown() ? Shape.of(x.rank()) : Shape.ofRank(1);
    return node("Shape", List.of(x), Map.of(), DType.I64, out);
  }

  /** A tensor of the runtime int64 {@code shape} filled with {@code value} of {@code dtype}. */
  public Value constantOfShape(Value shape, double value, DType dtype) {
    requireType("ConstantOfShape", shape, DType.I64);
    long[] target = longConstants.get(shape.name());
    Shape out =
        target != null
            ? Shape.of(target)
            : shape.shape().isStatic() && shape.rank() == 1
                ? Shape.ofRank((int) shape.shape().dim(0).size())
                : Shape.unknownRank();
    return node(
        "ConstantOfShape",
        List.of(shape),
        Map.of("value", new Node.ScalarTensor(dtype, value)),
        dtype,
        out);
  }

  // ---------------------------------------------------------------- internals

  private Value binary(String op, Value a, Value b) {
    requireSame(op, a, b);
    requireNumeric(op, a);
    return node(op, List.of(a, b), Map.of(), a.dtype(), broadcast(op, a, b));
  }

  private Value comparison(String op, Value a, Value b) {
    requireSame(op, a, b);
    return node(op, List.of(a, b), Map.of(), DType.BOOL, broadcast(op, a, b));
  }

  private Value floatUnary(String op, Value x) {
    requireFloat(op, x);
    return node(op, List.of(x), Map.of(), x.dtype(), x.shape());
  }

  private Value reduce(String op, Value x, boolean keepDims, long[] axes) {
    Shape out = Shape.unknownRank();
    if (x.shape().isRankKnown()) {
      boolean[] reduced = new boolean[x.rank()];
      for (long a : axes) {
        reduced[normalizeAxis(op, x, a, x.rank())] = true;
      }
      if (axes.length == 0) {
        Arrays.fill(reduced, true);
      }
      List<Dim> d = new ArrayList<>();
      for (int i = 0; i < reduced.length; i++) {
        if (!reduced[i]) {
          d.add(x.shape().dim(i));
        } else if (keepDims) {
          d.add(Dim.of(1));
        }
      }
      out = Shape.of(d);
    }
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("keepdims", keepDims ? 1L : 0L);
    // ReduceSum takes axes as an input since opset 13, the others since opset 18.
    boolean axesAsInput = op.equals("ReduceSum") || opset >= 18;
    List<Value> ins = new ArrayList<>(List.of(x));
    if (axes.length > 0) {
      if (axesAsInput) {
        ins.add(ints(axes));
      } else {
        attrs.put("axes", axes.clone());
      }
    }
    return node(op, ins, attrs, x.dtype(), out);
  }

  private Value node(
      String op, List<Value> ins, Map<String, Object> attrs, DType type, Shape shape) {
    return nodeMulti(op, ins, attrs, List.of(type), List.of(shape)).get(0);
  }

  private Value nodeNamed(
      String op,
      String outName,
      List<Value> ins,
      Map<String, Object> attrs,
      DType type,
      Shape shape) {
    return addNode("", op, ins, attrs, List.of(outName), List.of(type), List.of(shape)).get(0);
  }

  private List<Value> nodeMulti(
      String op,
      List<Value> ins,
      Map<String, Object> attrs,
      List<DType> types,
      List<Shape> shapes) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      names.add(fresh(op));
    }
    return addNode("", op, ins, attrs, names, types, shapes);
  }

  private List<Value> addNode(
      String domain,
      String op,
      List<Value> ins,
      Map<String, Object> attrs,
      List<String> outNames,
      List<DType> types,
      List<Shape> shapes) {
    List<String> inNames = new ArrayList<>();
    for (Value v : ins) {
      inNames.add(v == null ? "" : known(op, v).name());
    }
    // Omitted trailing optional inputs are left out entirely: ONNX Runtime 1.29 crashes natively
    // on a LayerNormalization whose last input is the empty name.
    while (!inNames.isEmpty() && inNames.get(inNames.size() - 1).isEmpty()) {
      inNames.remove(inNames.size() - 1);
    }
    List<Value> outs = new ArrayList<>();
    for (int i = 0; i < outNames.size(); i++) {
      outs.add(define(op, new Value(outNames.get(i), types.get(i), shapes.get(i))));
    }
    nodes.add(new Node(outNames.get(0), op, inNames, outNames, attrs, domain));
    return outs;
  }

  private Value addInitializer(
      String name, DType dtype, Shape shape, TensorBytes bytes, boolean constant) {
    long expected = shape.elementCount() * dtype.byteSize();
    long actual =
        bytes instanceof TensorBytes.ToFloat t
            ? t.elements() * DType.F32.byteSize()
            : bytes.byteLength();
    if (expected != actual) {
      throw new GraphException(
          "initializer",
          name,
          "shape " + shape + " of " + dtype + " needs " + expected + " bytes, got " + actual);
    }
    Value v = define("initializer", new Value(name, dtype, shape));
    initializers.add(new Initializer(v, bytes, constant));
    return v;
  }

  private Value define(String op, Value v) {
    if (values.containsKey(v.name())) {
      throw new GraphException(op, v.name(), "a value of this name already exists in the graph");
    }
    values.put(v.name(), v);
    return v;
  }

  private String fresh(String op) {
    String prefix = scopes.isEmpty() ? "" : String.join("/", scopes) + "/";
    String name;
    do {
      name = prefix + op + "_" + counter++;
    } while (values.containsKey(name));
    return name;
  }

  private static String requireName(String op, String name) {
    if (name == null || name.isEmpty()) {
      throw new GraphException(op, name, "value name must be non-empty");
    }
    return name;
  }

  private Value known(String op, Value v) {
    if (v == null) {
      throw new GraphException(op, null, "input value is null");
    }
    Value stored = values.get(v.name());
    if (stored == null || !stored.equals(v)) {
      throw new UnknownValueException(op, v.name(), NearMatches.of(v.name(), values.keySet()));
    }
    return v;
  }

  private void requireSame(String op, Value a, Value b) {
    known(op, a);
    known(op, b);
    if (a.dtype() != b.dtype()) {
      throw new GraphException(
          op,
          b.name(),
          "dtype " + b.dtype() + " differs from " + a.dtype() + " of '" + a.name() + "'");
    }
  }

  private void requireFloat(String op, Value v) {
    known(op, v);
    if (!v.dtype().isFloatingPoint()) {
      throw new GraphException(op, v.name(), "needs a floating-point value, got " + v.dtype());
    }
  }

  private void requireNumeric(String op, Value v) {
    known(op, v);
    if (v.dtype() == DType.BOOL) {
      throw new GraphException(op, v.name(), "needs a numeric value, got bool");
    }
  }

  private void requireIndex(String op, Value v) {
    known(op, v);
    if (v.dtype() != DType.I64 && v.dtype() != DType.I32) {
      throw new GraphException(op, v.name(), "needs int32 or int64 indices, got " + v.dtype());
    }
  }

  private void requireType(String op, Value v, DType type) {
    known(op, v);
    if (v.dtype() != type) {
      throw new GraphException(op, v.name(), "needs " + type + ", got " + v.dtype());
    }
  }

  private void requireRank(String op, Value v, int rank) {
    known(op, v);
    if (v.rank() != rank) {
      throw new GraphException(
          op, v.name(), "needs known rank " + rank + ", got shape " + v.shape());
    }
  }

  private void checkAxis(String op, Value x, long axis) {
    if (x.shape().isRankKnown()) {
      normalizeAxis(op, x, axis, x.rank());
    }
  }

  private static int normalizeAxis(String op, Value x, long axis, int rank) {
    if (axis < -rank || axis >= rank) {
      throw new GraphException(op, x.name(), "axis " + axis + " out of range for rank " + rank);
    }
    return (int) (axis < 0 ? axis + rank : axis);
  }

  private static void checkEqual(String op, Value v, Dim a, Dim b, String what) {
    if (a.isFixed() && b.isFixed() && a.size() != b.size()) {
      throw new GraphException(op, v.name(), what + " " + b.size() + " does not match " + a.size());
    }
  }

  private static void checkCount(String name, int length, long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n != length) {
      throw new GraphException(
          "initializer",
          name,
          length + " elements for shape " + Arrays.toString(shape) + " (" + n + ")");
    }
  }

  /** Broadcast shape of two values; an error names {@code b}. */
  private static Shape broadcast(String op, Value a, Value b) {
    return broadcast(op, b.name(), a.shape(), b.shape());
  }

  static Shape broadcast(String op, String value, Shape a, Shape b) {
    if (!a.isRankKnown() || !b.isRankKnown()) {
      return Shape.unknownRank();
    }
    int rank = Math.max(a.rank(), b.rank());
    Dim[] out = new Dim[rank];
    for (int i = 0; i < rank; i++) {
      int ia = a.rank() - rank + i;
      int ib = b.rank() - rank + i;
      Dim da = ia >= 0 ? a.dim(ia) : Dim.of(1);
      Dim db = ib >= 0 ? b.dim(ib) : Dim.of(1);
      out[i] = broadcastDim(op, value, da, db, a, b);
    }
    return Shape.of(out);
  }

  private static Dim broadcastDim(String op, String value, Dim a, Dim b, Shape sa, Shape sb) {
    if (a.isFixed() && b.isFixed()) {
      if (a.size() == b.size() || b.size() == 1) {
        return a;
      }
      if (a.size() == 1) {
        return b;
      }
      throw new GraphException(op, value, "shapes " + sa + " and " + sb + " do not broadcast");
    }
    if (a.isFixed()) {
      return a.size() == 1 ? b : a;
    }
    if (b.isFixed()) {
      return b.size() == 1 ? a : b;
    }
    return a.equals(b) ? a : Dim.unknown();
  }

  private Shape matMulShape(Value a, Value b) {
    Shape sa = a.shape();
    Shape sb = b.shape();
    if (!sa.isRankKnown() || !sb.isRankKnown()) {
      return Shape.unknownRank();
    }
    if (sa.rank() == 0 || sb.rank() == 0) {
      throw new GraphException("MatMul", sa.rank() == 0 ? a.name() : b.name(), "scalar operand");
    }
    Dim ka = sa.dim(-1);
    Dim kb = sb.rank() == 1 ? sb.dim(0) : sb.dim(-2);
    checkEqual("MatMul", b, ka, kb, "inner dimension");
    List<Dim> batchA = sa.rank() > 2 ? sa.dims().subList(0, sa.rank() - 2) : List.of();
    List<Dim> batchB = sb.rank() > 2 ? sb.dims().subList(0, sb.rank() - 2) : List.of();
    List<Dim> out =
        new ArrayList<>(broadcast("MatMul", b.name(), Shape.of(batchA), Shape.of(batchB)).dims());
    if (sa.rank() >= 2) {
      out.add(sa.dim(-2));
    }
    if (sb.rank() >= 2) {
      out.add(sb.dim(-1));
    }
    return Shape.of(out);
  }

  private static Shape reshapeShape(Value x, long[] target) {
    Dim[] d = new Dim[target.length];
    int inferred = -1;
    long known = 1;
    for (int i = 0; i < target.length; i++) {
      long t = target[i];
      if (t == 0) {
        d[i] = x.shape().isRankKnown() && i < x.rank() ? x.shape().dim(i) : Dim.unknown();
      } else if (t == -1) {
        if (inferred >= 0) {
          throw new GraphException(
              "Reshape", x.name(), "more than one -1 in " + Arrays.toString(target));
        }
        inferred = i;
        continue;
      } else if (t < -1) {
        throw new GraphException("Reshape", x.name(), "invalid target dim " + t);
      } else {
        d[i] = Dim.of(t);
      }
      known = d[i].isFixed() && known >= 0 ? known * d[i].size() : -1;
    }
    if (inferred >= 0) {
      d[inferred] = Dim.unknown();
      if (x.shape().isStatic() && known > 0) {
        long total = x.shape().elementCount();
        if (total % known != 0) {
          throw new GraphException(
              "Reshape",
              x.name(),
              "cannot reshape " + x.shape() + " to " + Arrays.toString(target));
        }
        d[inferred] = Dim.of(total / known);
      }
    } else if (x.shape().isStatic() && known >= 0 && known != x.shape().elementCount()) {
      throw new GraphException(
          "Reshape", x.name(), "cannot reshape " + x.shape() + " to " + Arrays.toString(target));
    }
    return Shape.of(d);
  }

  private static long sliceLength(long dim, long start, long end, long step) {
    long s = start < 0 ? start + dim : start;
    long e = end < 0 ? end + dim : end;
    if (step > 0) {
      s = Math.max(0, Math.min(s, dim));
      e = Math.max(0, Math.min(e, dim));
      return Math.max(0, (e - s + step - 1) / step);
    }
    s = Math.max(-1, Math.min(s, dim - 1));
    e = Math.max(-1, Math.min(e, dim - 1));
    return Math.max(0, (s - e + (-step) - 1) / (-step));
  }

  private static ByteBuffer allocate(long bytes) {
    return ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static TensorBytes encode(float[] data) {
    ByteBuffer b = allocate(4L * data.length);
    b.asFloatBuffer().put(data);
    return new TensorBytes.Raw(b);
  }

  private static TensorBytes encode(long[] data) {
    ByteBuffer b = allocate(8L * data.length);
    b.asLongBuffer().put(data);
    return new TensorBytes.Raw(b);
  }

  static ByteBuffer scalarBytes(double value, DType dtype) {
    ByteBuffer b = allocate(dtype.byteSize());
    switch (dtype) {
      case F64 -> b.putDouble(value);
      case F32 -> b.putFloat((float) value);
      case F16 -> b.putShort(HalfFloats.floatToHalf((float) value));
      case BF16 -> b.putShort(HalfFloats.floatToBfloat16((float) value));
      case I64 -> b.putLong((long) value);
      case I32 -> b.putInt((int) value);
      case I16 -> b.putShort((short) value);
      case I8, U8 -> b.put((byte) value);
      case BOOL -> b.put((byte) (value != 0 ? 1 : 0));
    }
    return b.flip();
  }

  private static TensorBytes encodeScalar(double value, DType dtype) {
    return new TensorBytes.Raw(scalarBytes(value, dtype));
  }
}
