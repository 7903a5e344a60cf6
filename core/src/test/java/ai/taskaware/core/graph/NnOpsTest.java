package ai.taskaware.core.graph;

import static ai.taskaware.core.graph.OpBatch.FP32;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Linear algebra, convolution, normalization and attention against {@link ReferenceOps} on seeded
 * random inputs.
 */
class NnOpsTest {

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13})
  void matMulGemmLinearSoftmaxNormsMatchReference(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int m = 1 + rnd.nextInt(5);
    int k = 1 + rnd.nextInt(6);
    int n = 1 + rnd.nextInt(5);
    Tensor a = Tensor.random(rnd, 2, 1, m, k);
    Tensor b = Tensor.random(rnd, 3, k, n);
    Tensor a2 = Tensor.random(rnd, k, m);
    Tensor b2 = Tensor.random(rnd, n, k);
    Tensor c = Tensor.random(rnd, n);
    Tensor x = Tensor.random(rnd, 2, m, k);
    Tensor w = Tensor.random(rnd, n, k);
    Tensor bias = Tensor.random(rnd, n);
    Tensor scale = Tensor.positive(rnd, k);
    Tensor shift = Tensor.random(rnd, k);

    OpBatch t = new OpBatch("nn");
    GraphBuilder g = t.b;
    Value va = t.input("a", a);
    Value vb = t.input("b", b);
    Value vx = t.input("x", x);
    Value va2 = t.input("a2", a2);
    Value vb2 = t.weight("b2", b2);
    Value vw = t.weight("w", w);
    Value vbias = t.weight("bias", bias);
    Value vc = t.weight("c", c);
    Value vscale = t.weight("scale", scale);
    Value vshift = t.weight("shift", shift);

    t.expect("matMul", g.matMul(va, vb), ReferenceOps.matMul(a, b), FP32);
    t.expect(
        "gemm",
        g.gemm(va2, vb2, vc, 0.5f, 2f, true, true),
        ReferenceOps.gemm(a2, b2, c, 0.5f, 2f, true, true),
        FP32);
    t.expect(
        "gemmNoC",
        g.gemm(va2, g.transpose(vb2, 1, 0), null, 1f, 1f, true, false),
        ReferenceOps.gemm(a2, ReferenceOps.transpose(b2, 1, 0), null, 1f, 1f, true, false),
        FP32);
    t.expect("linear", g.linear(vx, vw, vbias), ReferenceOps.linear(x, w, bias), FP32);
    t.expect("linearNoBias", g.linear(vx, vw, null), ReferenceOps.linear(x, w, null), FP32);
    t.expect("softmaxLast", g.softmax(vx, -1), ReferenceOps.softmax(x, -1), FP32);
    t.expect("softmaxAxis1", g.softmax(vx, 1), ReferenceOps.softmax(x, 1), FP32);
    t.expect(
        "layerNorm",
        g.layerNorm(vx, vscale, vshift, 1e-5),
        ReferenceOps.layerNorm(x, scale, shift, 1e-5),
        FP32);
    t.expect(
        "layerNormNoBias",
        g.layerNorm(vx, vscale, null, 1e-6),
        ReferenceOps.layerNorm(x, scale, null, 1e-6),
        FP32);
    t.expect("rmsNorm", g.rmsNorm(vx, vscale, 1e-6), ReferenceOps.rmsNorm(x, scale, 1e-6), FP32);
    Map<String, Double> errors = t.check();
    System.out.printf(
        "nn seed %d m=%d k=%d n=%d worst %s%n", seed, m, k, n, ElementwiseOpsTest.worst(errors));
  }

  @ParameterizedTest(name = "conv stride={0} pads={1} dilation={2} groups={3} bias={4}")
  @CsvSource({
    "1, 0:0:0:0, 1, 1, true",
    "1, 1:1:1:1, 1, 1, false",
    "2, 1:1:1:1, 1, 1, true",
    "2, 0:0:1:1, 1, 1, true",
    "1, 0:1:2:0, 2, 1, true",
    "1, 1:1:1:1, 1, 2, true",
    "2, 1:0:0:1, 1, 4, false"
  })
  void convMatchesReference(
      int stride, String padSpec, int dilation, int groups, boolean withBias) {
    SplittableRandom rnd = new SplittableRandom(31L * stride + 7L * groups + dilation);
    String[] p = padSpec.split(":");
    int[] pads = {
      Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3])
    };
    int c = 4;
    int m = 8;
    Tensor x = Tensor.random(rnd, 2, c, 7, 6);
    Tensor w = Tensor.random(rnd, m, c / groups, 3, 3);
    Tensor bias = withBias ? Tensor.random(rnd, m) : null;
    OpBatch t = new OpBatch("conv");
    GraphBuilder g = t.b;
    Value vx = t.input("x", x);
    Value y =
        g.conv(
            vx,
            t.weight("w", w),
            withBias ? t.weight("b", bias) : null,
            new long[] {stride, stride},
            new long[] {pads[0], pads[1], pads[2], pads[3]},
            new long[] {dilation, dilation},
            groups);
    Tensor expected =
        ReferenceOps.conv2d(
            x, w, bias, new int[] {stride, stride}, pads, new int[] {dilation, dilation}, groups);
    t.expect("conv", y, expected, FP32);
    if (stride == 1 && dilation == 1 && groups == 1 && pads[0] == 1 && pads[1] == 1) {
      t.expect("conv2d", g.conv2d(vx, t.weight("w2", w), null, 1, 1), expected, FP32);
    }
    System.out.printf("conv %s %s%n", padSpec, t.check());
  }

  @ParameterizedTest(name = "groupNorm groups={0} spatial rank={1}")
  @CsvSource({"1, 2", "3, 2", "6, 2", "2, 1", "3, 0"})
  void groupNormMatchesTorchDefinition(int groups, int spatialRank) {
    SplittableRandom rnd = new SplittableRandom(100 + groups * 10L + spatialRank);
    int[] shape = new int[2 + spatialRank];
    shape[0] = 2;
    shape[1] = 6;
    for (int i = 0; i < spatialRank; i++) {
      shape[2 + i] = 3 + i;
    }
    // A large offset checks the variance is computed around the mean, as torch does.
    Tensor x = ReferenceOps.map(Tensor.random(rnd, shape), v -> v * 3 + 5);
    Tensor scale = Tensor.random(rnd, 6);
    Tensor bias = Tensor.random(rnd, 6);
    OpBatch t = new OpBatch("groupnorm");
    Value y =
        t.b.groupNorm(
            t.input("x", x), groups, t.weight("scale", scale), t.weight("bias", bias), 1e-5);
    t.expect("groupNorm", y, ReferenceOps.groupNorm(x, groups, scale, bias, 1e-5), FP32);
    System.out.printf("groupNorm g=%d rank=%d %s%n", groups, spatialRank, t.check());
  }

  @ParameterizedTest(name = "attention opset {0}")
  @ValueSource(ints = {17, 18, 21, 23})
  void multiHeadAttentionMatchesReference(int opset) {
    SplittableRandom rnd = new SplittableRandom(opset);
    int batch = 2;
    int seq = 5;
    int heads = 3;
    int headDim = 4;
    int hidden = heads * headDim;
    Tensor xq = Tensor.random(rnd, batch, seq, hidden);
    Tensor xk = Tensor.random(rnd, batch, seq + 2, hidden);
    Tensor xv = Tensor.random(rnd, batch, seq + 2, hidden);
    // Causal-style additive mask (0 allowed, -1e9 masked), broadcast over batch and heads.
    Tensor mask = Tensor.zeros(1, 1, seq, seq + 2);
    for (int i = 0; i < seq; i++) {
      for (int j = i + 3; j < seq + 2; j++) {
        mask.data()[i * (seq + 2) + j] = -1e9f;
      }
    }
    OpBatch t = new OpBatch("attention", opset);
    GraphBuilder g = t.b;
    Value q = g.splitHeads(t.input("q", xq), heads);
    Value k = g.splitHeads(t.input("k", xk), heads);
    Value v = g.splitHeads(t.input("v", xv), heads);
    double scale = 1 / Math.sqrt(headDim);
    Value out = g.mergeHeads(g.attention(q, k, v, t.input("mask", mask), scale));
    Value unmasked = g.attention(q, k, v, null, scale);

    Tensor rq = ReferenceOps.transpose(xq.reshape(batch, seq, heads, headDim), 0, 2, 1, 3);
    Tensor rk = ReferenceOps.transpose(xk.reshape(batch, seq + 2, heads, headDim), 0, 2, 1, 3);
    Tensor rv = ReferenceOps.transpose(xv.reshape(batch, seq + 2, heads, headDim), 0, 2, 1, 3);
    Tensor expected =
        ReferenceOps.transpose(ReferenceOps.attention(rq, rk, rv, mask, scale), 0, 2, 1, 3)
            .reshape(batch, seq, hidden);
    t.expect("attention", out, expected, FP32);
    t.expect("attentionUnmasked", unmasked, ReferenceOps.attention(rq, rk, rv, null, scale), FP32);
    t.expect("splitHeads", q, rq, 0);
    // GroupNorm and RMSNorm use ReduceMean, whose axes move from attribute to input at opset 18.
    Tensor gx = Tensor.random(rnd, 1, 4, 2, 2);
    Tensor ones = ReferenceOps.map(Tensor.zeros(4), z -> 1);
    t.expect(
        "groupNormAtOpset",
        g.groupNorm(
            t.input("gx", gx), 2, t.weight("gs", ones), t.weight("gb", Tensor.zeros(4)), 1e-5),
        ReferenceOps.groupNorm(gx, 2, ones, Tensor.zeros(4), 1e-5),
        FP32);
    System.out.printf("attention opset %d %s%n", opset, t.check());
  }

  @org.junit.jupiter.api.Test
  void rmsNormOfHalfInputIsComputedInFloat32() {
    SplittableRandom rnd = new SplittableRandom(77);
    // Values up to 300: their squares overflow fp16 (max 65504), so only a float32 computation
    // of mean(x²) gives finite results.
    Tensor x = ReferenceOps.map(Tensor.random(rnd, 2, 3, 64), v -> v * 300);
    Tensor w = Tensor.positive(rnd, 64);
    Tensor xh = ReferenceOps.map(x, v -> roundHalf(v));
    Tensor wh = ReferenceOps.map(w, v -> roundHalf(v));
    OpBatch t = new OpBatch("rms16");
    GraphBuilder g = t.b;
    Value in = g.cast(t.input("x", x), ai.taskaware.core.checkpoint.DType.F16);
    Value weight = g.cast(t.weight("w", w), ai.taskaware.core.checkpoint.DType.F16);
    Value y = g.rmsNorm(in, weight, 1e-6);
    org.assertj.core.api.Assertions.assertThat(y.dtype())
        .isEqualTo(ai.taskaware.core.checkpoint.DType.F16);
    Tensor normalized = ReferenceOps.rmsNorm(xh, ReferenceOps.map(w, v -> 1), 1e-6);
    Tensor expected =
        ReferenceOps.zip(
            ReferenceOps.map(normalized, v -> roundHalf(v)), wh, (a, b) -> roundHalf(a * b));
    // Each side rounds to fp16 (relative step 2^-11) at most twice.
    t.expect("rmsNormHalf", g.cast(y, ai.taskaware.core.checkpoint.DType.F32), expected, 2e-3);
    System.out.printf("rmsNorm fp16 %s%n", t.check());
  }

  private static double roundHalf(double v) {
    return HalfPrecision.fp16ToFloat(HalfPrecision.floatToFp16((float) v));
  }
}
