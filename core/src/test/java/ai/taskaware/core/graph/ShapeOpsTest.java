package ai.taskaware.core.graph;

import static ai.taskaware.core.graph.OpBatch.FP32;
import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.checkpoint.DType;
import ai.taskaware.core.graph.ReferenceOps.Reduction;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Shape, indexing and reduction ops against {@link ReferenceOps}; data movement is compared
 * exactly.
 */
class ShapeOpsTest {

  @ParameterizedTest
  @ValueSource(ints = {17, 18, 23})
  void shapeOpsMatchReference(int opset) {
    SplittableRandom rnd = new SplittableRandom(opset);
    Tensor x = Tensor.random(rnd, 2, 3, 4);
    Tensor y = Tensor.random(rnd, 2, 5, 4);
    Tensor img = Tensor.random(rnd, 1, 2, 3, 2);
    Tensor row = Tensor.random(rnd, 3, 1);
    OpBatch t = new OpBatch("shape", opset);
    GraphBuilder g = t.b;
    Value vx = t.input("x", x);
    Value vy = t.input("y", y);
    Value vimg = t.input("img", img);
    Value vrow = t.input("row", row);

    t.expect("reshape", g.reshape(vx, 0, -1), x.reshape(2, 12), 0);
    t.expect("reshapeMiddle", g.reshape(vx, 2, -1, 2, 2), x.reshape(2, 3, 2, 2), 0);
    Value vz = t.input("z", Tensor.zeros(6, 4));
    t.expect("reshapeRuntime", g.reshape(vx, g.shape(vz)), x.reshape(6, 4), 0);
    t.expect("transpose", g.transpose(vx, 2, 0, 1), ReferenceOps.transpose(x, 2, 0, 1), 0);
    t.expect("concat", g.concat(1, vx, vy, vx), ReferenceOps.concat(1, x, y, x), 0);
    List<Value> parts = g.split(vy, 1, 1, 4);
    t.expect("split0", parts.get(0), ReferenceOps.slice(y, ints(0), ints(1), ints(1), ints(1)), 0);
    t.expect("split1", parts.get(1), ReferenceOps.slice(y, ints(1), ints(5), ints(1), ints(1)), 0);
    t.expect(
        "slice",
        g.slice(vy, longs(1, -3), longs(100, 4), longs(1, 2), longs(2, 1)),
        ReferenceOps.slice(y, ints(1, -3), ints(100, 4), ints(1, 2), ints(2, 1)),
        0);
    t.expect(
        "sliceRuntime",
        g.slice(vy, g.ints(0), g.ints(3), g.ints(1), null),
        ReferenceOps.slice(y, ints(0), ints(3), ints(1), ints(1)),
        0);
    Value idx = t.longInput("idx", new long[] {2, 0, -1, 1}, 2, 2);
    t.expect(
        "gather",
        g.gather(vy, idx, 1),
        ReferenceOps.gather(y, new int[] {2, 0, -1, 1}, new int[] {2, 2}, 1),
        0);
    t.expect(
        "gatherConst",
        g.gather(vx, g.ints(3, 0), -1),
        ReferenceOps.gather(x, new int[] {3, 0}, new int[] {2}, 2),
        0);
    t.expect("expand", g.expand(vrow, 2, 3, 4), ReferenceOps.expand(row, new int[] {2, 3, 4}), 0);
    t.expect("unsqueeze", g.unsqueeze(vx, 0, 3), x.reshape(1, 2, 3, 1, 4), 0);
    t.expect("squeeze", g.squeeze(vrow, 1), row.reshape(3), 0);
    t.expect("upsample", g.upsampleNearest2d(vimg, 2), ReferenceOps.upsampleNearest(img, 2), 0);
    t.expect(
        "pad",
        g.pad(vimg, new long[] {0, 0, 1, 0, 0, 1, 0, 2}, -2.5),
        ReferenceOps.pad(img, new int[] {0, 0, 1, 0, 0, 1, 0, 2}, -2.5f),
        0);
    t.expect(
        "reduceMean",
        g.reduceMean(vx, true, -1),
        ReferenceOps.reduce(x, Reduction.MEAN, true, -1),
        FP32);
    t.expect(
        "reduceMean02",
        g.reduceMean(vx, false, 0, 2),
        ReferenceOps.reduce(x, Reduction.MEAN, false, 0, 2),
        FP32);
    t.expect(
        "reduceSum",
        g.reduceSum(vx, false, 1),
        ReferenceOps.reduce(x, Reduction.SUM, false, 1),
        FP32);
    t.expect(
        "reduceSumAll",
        g.reduceSum(vx, true),
        ReferenceOps.reduce(x, Reduction.SUM, true, 0, 1, 2),
        FP32);
    t.expect(
        "reduceMax", g.reduceMax(vx, true, 0), ReferenceOps.reduce(x, Reduction.MAX, true, 0), 0);
    t.expect("cumSum", g.cumSum(vx, 1), ReferenceOps.cumSum(x, 1, false, false), FP32);
    t.expect(
        "cumSumExclusiveReverse",
        g.cumSum(vx, -1, true, true),
        ReferenceOps.cumSum(x, -1, true, true),
        FP32);
    t.expect("shapeOf", g.shape(vy), new Tensor(new int[] {3}, new float[] {2, 5, 4}), 0);
    t.expect(
        "constantOfShape",
        g.constantOfShape(g.shape(vrow), 7.5, DType.F32),
        ReferenceOps.map(row, v -> 7.5),
        0);
    // Positions as LLaMA makes them: range(0, seq) from the runtime shape, and a cumsum of a mask.
    Value seq = g.squeeze(g.slice(g.shape(vy), longs(1), longs(2), longs(0), longs(1)), 0);
    t.expect(
        "rangeLong",
        g.range(g.scalar(0, DType.I64), seq, g.scalar(1, DType.I64)),
        new Tensor(new int[] {5}, new float[] {0, 1, 2, 3, 4}),
        0);
    t.expect(
        "rangeFloat",
        g.range(g.scalar(0.5, DType.F32), g.scalar(2.0, DType.F32), g.scalar(0.5, DType.F32)),
        new Tensor(new int[] {3}, new float[] {0.5f, 1f, 1.5f}),
        0);
    Value mask = t.longInput("mask", new long[] {0, 1, 1, 0, 1}, 1, 5);
    t.expect(
        "positionsFromMask",
        g.cumSum(mask, 1),
        new Tensor(new int[] {1, 5}, new float[] {0, 1, 2, 2, 3}),
        0);
    System.out.printf("shape ops opset %d %s%n", opset, t.check());
  }

  private static int[] ints(int... v) {
    return v;
  }

  private static long[] longs(long... v) {
    return v;
  }

  @org.junit.jupiter.api.Test
  void reshapeToRuntimeShapeInfersRank() {
    GraphBuilder g = new GraphBuilder("r");
    Value x = g.input("x", DType.F32, 2, 3, 4);
    Value y = g.input("y", DType.F32, Shape.of(Dim.symbolic("batch"), Dim.of(24)));
    Value r = g.reshape(y, g.shape(x));
    assertThat(r.shape().rank()).isEqualTo(3);
    assertThat(g.reshape(x, 0, -1).shape()).isEqualTo(Shape.of(2, 12));
    assertThat(g.reshape(y, -1, 4, 6).shape().dim(0).isFixed()).isFalse();
  }
}
