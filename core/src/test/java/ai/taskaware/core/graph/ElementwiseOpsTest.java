package ai.taskaware.core.graph;

import static ai.taskaware.core.graph.OpBatch.FP32;

import ai.taskaware.core.checkpoint.DType;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Elementwise ops, activations, comparisons and Where against {@link ReferenceOps} on random
 * broadcast-compatible shapes, one ONNX Runtime session per seed.
 */
class ElementwiseOpsTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void elementwiseOpsMatchReference(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int rank = 1 + rnd.nextInt(4);
    int[] shapeA = new int[rank];
    for (int i = 0; i < rank; i++) {
      shapeA[i] = 1 + rnd.nextInt(5);
    }
    // b drops some leading dims and sets others to 1, so every op broadcasts.
    int dropped = rnd.nextInt(rank);
    int[] shapeB = new int[rank - dropped];
    for (int i = 0; i < shapeB.length; i++) {
      shapeB[i] = rnd.nextBoolean() ? 1 : shapeA[i + dropped];
    }
    Tensor a = Tensor.random(rnd, shapeA);
    Tensor b = Tensor.random(rnd, shapeB);
    Tensor pa = Tensor.positive(rnd, shapeA);
    Tensor pb = Tensor.positive(rnd, shapeB);
    Tensor ia = ReferenceOps.map(Tensor.random(rnd, shapeA), v -> Math.round(v * 2));
    Tensor ib = ReferenceOps.map(Tensor.random(rnd, shapeB), v -> Math.round(v * 2));

    OpBatch t = new OpBatch("elementwise");
    Value va = t.input("a", a);
    Value vb = t.input("b", b);
    Value vpa = t.input("pa", pa);
    Value vpb = t.input("pb", pb);
    Value via = t.input("ia", ia);
    Value vib = t.input("ib", ib);
    GraphBuilder g = t.b;

    t.expect("add", g.add(va, vb), ReferenceOps.zip(a, b, Double::sum), FP32);
    t.expect("sub", g.sub(va, vb), ReferenceOps.zip(a, b, (x, y) -> x - y), FP32);
    t.expect("mul", g.mul(va, vb), ReferenceOps.zip(a, b, (x, y) -> x * y), FP32);
    t.expect("div", g.div(va, vpb), ReferenceOps.zip(a, pb, (x, y) -> x / y), FP32);
    t.expect("pow", g.pow(vpa, vb), ReferenceOps.zip(pa, b, Math::pow), FP32);
    t.expect("powScalar", g.pow(vpa, 1.5), ReferenceOps.map(pa, x -> Math.pow(x, 1.5)), FP32);
    t.expect("addScalar", g.add(va, 2.5), ReferenceOps.map(a, x -> x + 2.5), FP32);
    t.expect("subScalar", g.sub(va, 0.25), ReferenceOps.map(a, x -> x - 0.25), FP32);
    t.expect("mulScalar", g.mul(va, -0.5), ReferenceOps.map(a, x -> x * -0.5), FP32);
    t.expect("divScalar", g.div(va, 3.0), ReferenceOps.map(a, x -> x / 3.0), FP32);
    t.expect("min", g.min(va, vb), ReferenceOps.zip(a, b, Math::min), 0);
    t.expect("max", g.max(va, vb), ReferenceOps.zip(a, b, Math::max), 0);
    t.expect("sqrt", g.sqrt(vpa), ReferenceOps.map(pa, Math::sqrt), FP32);
    t.expect("exp", g.exp(va), ReferenceOps.map(a, Math::exp), FP32);
    t.expect("log", g.log(vpa), ReferenceOps.map(pa, Math::log), FP32);
    t.expect("neg", g.neg(va), ReferenceOps.map(a, x -> -x), 0);
    t.expect("abs", g.abs(va), ReferenceOps.map(a, Math::abs), 0);
    t.expect("erf", g.erf(va), ReferenceOps.map(a, ReferenceOps::erf), FP32);
    t.expect("tanh", g.tanh(va), ReferenceOps.map(a, Math::tanh), FP32);
    t.expect("sigmoid", g.sigmoid(va), ReferenceOps.map(a, ReferenceOps::sigmoid), FP32);
    t.expect("reciprocal", g.reciprocal(vpa), ReferenceOps.map(pa, x -> 1 / x), FP32);
    t.expect("gelu", g.gelu(va), ReferenceOps.gelu(a), FP32);
    t.expect("geluTanh", g.geluTanh(va), ReferenceOps.geluTanh(a), FP32);
    t.expect("quickGelu", g.quickGelu(va), ReferenceOps.quickGelu(a), FP32);
    t.expect("silu", g.silu(va), ReferenceOps.silu(a), FP32);
    t.expect("identity", g.identity(va), a, 0);
    t.expect(
        "equal",
        g.cast(g.equal(via, vib), DType.F32),
        ReferenceOps.zip(ia, ib, (x, y) -> x == y ? 1 : 0),
        0);
    t.expect(
        "less",
        g.cast(g.less(via, vib), DType.F32),
        ReferenceOps.zip(ia, ib, (x, y) -> x < y ? 1 : 0),
        0);
    t.expect(
        "greaterBool", g.greater(via, vib), ReferenceOps.zip(ia, ib, (x, y) -> x > y ? 1 : 0), 0);
    t.expect(
        "where",
        g.where(g.greater(va, vb), va, vb),
        ReferenceOps.where(ReferenceOps.zip(a, b, (x, y) -> x > y ? 1 : 0), a, b),
        0);
    // Cast float → int64 truncates toward zero, as C and numpy do.
    t.expect(
        "castToLong",
        g.cast(g.mul(va, 10.0), DType.I64),
        ReferenceOps.map(a, x -> (long) (float) (x * 10)),
        0);
    t.expect(
        "castHalfRoundTrip",
        g.cast(g.cast(va, DType.F16), DType.F32),
        ReferenceOps.map(a, x -> HalfPrecision.fp16ToFloat(HalfPrecision.floatToFp16((float) x))),
        0);
    Map<String, Double> errors = t.check();
    System.out.printf("elementwise seed %d shapes %s %s worst %s%n", seed, a, b, worst(errors));
  }

  static String worst(Map<String, Double> errors) {
    return errors.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(e -> e.getKey() + "=" + String.format("%.2e", e.getValue()))
        .orElse("-");
  }
}
