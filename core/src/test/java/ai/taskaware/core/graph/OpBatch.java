package ai.taskaware.core.graph;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.checkpoint.DType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Several one-op (or small) graphs sharing one ONNX Runtime session: each case is a graph output
 * compared with its reference to a stated tolerance, and its inferred static shape is checked
 * against the shape ONNX Runtime produced.
 */
final class OpBatch {

  /** Tolerance for float32 ops: |actual − expected| ≤ tol·(1 + |expected|). */
  static final double FP32 = 1e-5;

  final GraphBuilder b;
  private final Map<String, Object> feeds = new LinkedHashMap<>();
  private final Map<String, Tensor> expected = new LinkedHashMap<>();
  private final Map<String, Double> tolerances = new LinkedHashMap<>();
  private final Map<String, Value> values = new LinkedHashMap<>();

  OpBatch(String name) {
    this(name, GraphBuilder.DEFAULT_OPSET);
  }

  OpBatch(String name, int opset) {
    b = new GraphBuilder(name, opset);
  }

  Value input(String name, Tensor t) {
    feeds.put(name, t);
    return b.input(name, DType.F32, t.longShape());
  }

  Value longInput(String name, long[] data, long... shape) {
    feeds.put(name, new long[][] {shape, data});
    return b.input(name, DType.I64, shape);
  }

  Value weight(String name, Tensor t) {
    return b.initializer(name, t.data(), t.longShape());
  }

  void expect(String name, Value v, Tensor reference, double tolerance) {
    Value out = b.output(v, name);
    values.put(name, out);
    expected.put(name, reference);
    tolerances.put(name, tolerance);
  }

  /** Runs the batch; returns the worst relative error per case. */
  Map<String, Double> check() {
    Map<String, Tensor> actual = OrtRunner.run(OnnxEmitter.toBytes(b.build()), feeds);
    Map<String, Double> errors = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : expected.entrySet()) {
      String name = e.getKey();
      Tensor a = actual.get(name);
      Tensor x = e.getValue();
      assertThat(a.shape()).as("%s shape", name).containsExactly(x.shape());
      Shape inferred = values.get(name).shape();
      if (inferred.isStatic()) {
        assertThat(inferred.toArray())
            .as("%s inferred shape %s", name, inferred)
            .containsExactly(a.longShape());
      }
      double worst = maxError(a, x);
      assertThat(worst).as("%s worst error", name).isLessThanOrEqualTo(tolerances.get(name));
      errors.put(name, worst);
    }
    return errors;
  }

  static double maxError(Tensor actual, Tensor expected) {
    double worst = 0;
    for (int i = 0; i < expected.data().length; i++) {
      double e = expected.data()[i];
      double a = actual.data()[i];
      if (Double.isNaN(e) != Double.isNaN(a)) {
        return Double.POSITIVE_INFINITY;
      }
      if (!Double.isNaN(e)) {
        worst = Math.max(worst, Math.abs(a - e) / (1 + Math.abs(e)));
      }
    }
    return worst;
  }
}
