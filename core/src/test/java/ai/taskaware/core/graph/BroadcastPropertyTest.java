package ai.taskaware.core.graph;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Property: for random broadcast-compatible shapes (rank 0 to 4, size-1 and missing leading dims),
 * binary ops on ONNX Runtime match the numpy-broadcasting reference and the builder's inferred
 * shape matches the shape ONNX Runtime produces.
 */
class BroadcastPropertyTest {

  @Property(tries = 30, seed = "20261126")
  void binaryOpsBroadcastLikeNumpy(
      @ForAll @IntRange(min = 0, max = 4) int rank,
      @ForAll @IntRange(min = 0, max = 1000) int seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] full = new int[rank];
    for (int i = 0; i < rank; i++) {
      full[i] = 1 + rnd.nextInt(4);
    }
    Tensor a = Tensor.random(rnd, variant(rnd, full));
    Tensor b = Tensor.random(rnd, variant(rnd, full));
    OpBatch t = new OpBatch("broadcast");
    Value va = t.input("a", a);
    Value vb = t.input("b", b);
    GraphBuilder g = t.b;
    t.expect("add", g.add(va, vb), ReferenceOps.zip(a, b, Double::sum), OpBatch.FP32);
    t.expect("mul", g.mul(va, vb), ReferenceOps.zip(a, b, (x, y) -> x * y), OpBatch.FP32);
    t.expect("max", g.max(va, vb), ReferenceOps.zip(a, b, Math::max), 0);
    t.expect(
        "where",
        g.where(g.less(va, vb), vb, va),
        ReferenceOps.zip(a, b, (x, y) -> x < y ? y : x),
        0);
    t.check();
  }

  /** {@code full} with some leading dims dropped and some dims set to 1. */
  private static int[] variant(SplittableRandom rnd, int[] full) {
    int drop = full.length == 0 ? 0 : rnd.nextInt(full.length + 1);
    int[] s = new int[full.length - drop];
    for (int i = 0; i < s.length; i++) {
      s[i] = rnd.nextInt(3) == 0 ? 1 : full[i + drop];
    }
    return s;
  }
}
