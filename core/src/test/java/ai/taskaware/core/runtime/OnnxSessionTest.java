package ai.taskaware.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Runs hand-built models through {@link OnnxSession}: results, layouts, errors, threads. */
class OnnxSessionTest {

  private static final RuntimeOptions CPU = RuntimeOptions.cpu().withIntraOpThreads(1);

  @Test
  void addsTwoMatricesAndReportsTheSignature() {
    try (OnnxSession session = OnnxSession.open(OnnxTestModels.add(), CPU)) {
      assertThat(session.inputs()).containsOnlyKeys("a", "b");
      assertThat(session.inputs().get("a").dataType()).isEqualTo(DataType.FLOAT);
      assertThat(session.inputs().get("a").shape()).containsExactly(2, 3);
      assertThat(session.outputs().get("sum").isStatic()).isTrue();

      INDArray a = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3});
      INDArray b = Nd4j.create(new float[] {10, 20, 30, 40, 50, 60}, new long[] {2, 3});
      INDArray sum = session.run(Map.of("a", a, "b", b), Set.of("sum")).get("sum");

      assertThat(sum.shape()).containsExactly(2, 3);
      assertThat(sum.reshape(-1).toFloatVector()).containsExactly(11, 22, 33, 44, 55, 66);
      // Inputs are read, never written.
      assertThat(a.reshape(-1).toFloatVector()).containsExactly(1, 2, 3, 4, 5, 6);
    }
  }

  @Test
  void matMulWithASymbolicBatchDimensionMatchesNd4j(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("matmul.onnx");
    Files.write(file, OnnxTestModels.matMul());
    try (OnnxSession session = OnnxSession.open(file, CPU)) {
      assertThat(session.inputs().get("x").shape()).containsExactly(-1, 3);
      assertThat(session.inputs().get("x").dimensionNames()).containsExactly("batch", "");
      assertThat(session.outputs().get("y").isStatic()).isFalse();
      for (int batch : new int[] {1, 5}) {
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 3);
        INDArray w = Nd4j.rand(DataType.FLOAT, 3, 4);
        INDArray y = session.run(Map.of("x", x, "w", w), Set.of("y")).get("y");
        assertThat(y.shape()).containsExactly(batch, 4);
        assertThat(maxAbsDiff(y, x.mmul(w))).isLessThan(1e-6);
      }
    }
  }

  @Test
  void transposedAndSlicedViewsGiveTheSameResultAsContiguousCopies() {
    try (OnnxSession session = OnnxSession.open(OnnxTestModels.add(), CPU)) {
      INDArray transposed = Nd4j.rand(DataType.FLOAT, 3, 2).transpose();
      INDArray big = Nd4j.rand(DataType.FLOAT, 4, 5);
      INDArray sliced = big.get(NDArrayIndex.interval(1, 3), NDArrayIndex.interval(1, 4));
      INDArray columns = big.get(NDArrayIndex.interval(0, 2), NDArrayIndex.interval(0, 3));
      assertThat(TensorConversion.isDirectlyUsable(transposed)).isFalse();
      assertThat(TensorConversion.isDirectlyUsable(sliced)).isFalse();
      assertThat(TensorConversion.isDirectlyUsable(columns)).isFalse();

      INDArray sum1 = session.run(Map.of("a", transposed, "b", sliced), Set.of("sum")).get("sum");
      assertThat(maxAbsDiff(sum1, transposed.dup('c').add(sliced.dup('c')))).isZero();
      INDArray sum2 = session.run(Map.of("a", columns, "b", sliced), Set.of("sum")).get("sum");
      assertThat(maxAbsDiff(sum2, columns.dup('c').add(sliced.dup('c')))).isZero();
    }
  }

  @Test
  void onlyTheRequestedOutputIsReturnedThoughOrtRunsTheWholeGraph(@TempDir Path dir)
      throws Exception {
    Path profile = dir.resolve("profile");
    INDArray x = Nd4j.create(new float[] {-1, 0, 1, 2, -3, 4}, new long[] {2, 3});
    try (OnnxSession session =
        OnnxSession.open(OnnxTestModels.twoBranches(), CPU.withProfilingFile(profile))) {
      Map<String, INDArray> out = session.run(Map.of("x", x), Set.of("relu"));
      assertThat(out).containsOnlyKeys("relu");
      assertThat(out.get("relu").reshape(-1).toFloatVector()).containsExactly(0, 0, 1, 2, 0, 4);
    }
    String trace;
    try (var files = Files.list(dir)) {
      Path json =
          files
              .filter(p -> p.getFileName().toString().startsWith("profile"))
              .findFirst()
              .orElseThrow();
      trace = Files.readString(json);
    }
    // ORT 1.29 executes every node whatever the requested outputs (its profile lists the kernels
    // it ran); OnnxSession's javadoc says so. If this fails, ORT has started pruning: update it.
    assertThat(trace).contains("relu_node_kernel_time");
    assertThat(trace).contains("exp_node_kernel_time");
  }

  @Test
  void pinnedAndCopiedOutputsAgree() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3).subi(0.5);
    try (OnnxSession pinned = OnnxSession.open(OnnxTestModels.twoBranches(), CPU);
        OnnxSession copied =
            OnnxSession.open(OnnxTestModels.twoBranches(), CPU.withPinnedOutputs(false))) {
      Map<String, INDArray> a = pinned.run(Map.of("x", x), Set.of("relu", "exp"));
      Map<String, INDArray> b = copied.run(Map.of("x", x), Set.of("relu", "exp"));
      assertThat(a).containsOnlyKeys("relu", "exp");
      assertThat(maxAbsDiff(a.get("relu"), b.get("relu"))).isZero();
      assertThat(maxAbsDiff(a.get("exp"), b.get("exp"))).isZero();
      assertThat(maxAbsDiff(a.get("exp"), Nd4j.math().exp(Nd4j.math().sin(x)))).isLessThan(1e-6);
    }
  }

  @Test
  void concurrentRunsGiveIdenticalResults() throws Exception {
    INDArray w = Nd4j.rand(DataType.FLOAT, 3, 4);
    List<INDArray> xs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      xs.add(Nd4j.rand(DataType.FLOAT, 16, 3));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (OnnxSession session = OnnxSession.open(OnnxTestModels.matMul(), CPU)) {
      List<INDArray> expected = new ArrayList<>();
      for (INDArray x : xs) {
        expected.add(session.run(Map.of("x", x, "w", w), Set.of("y")).get("y"));
      }
      List<Future<Boolean>> checks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        checks.add(
            pool.submit(
                () -> {
                  for (int round = 0; round < 25; round++) {
                    int i = round % xs.size();
                    INDArray y = session.run(Map.of("x", xs.get(i), "w", w), Set.of("y")).get("y");
                    if (!y.equals(expected.get(i))) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> check : checks) {
        assertThat(check.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void badInputsAreNamedWithWhatWasExpected() {
    INDArray ok = Nd4j.zeros(DataType.FLOAT, 2, 3);
    try (OnnxSession session = OnnxSession.open(OnnxTestModels.add(), CPU)) {
      assertThatThrownBy(() -> session.run(Map.of("a", ok, "b", ok, "c", ok), Set.of("sum")))
          .isInstanceOf(OnnxSessionException.class)
          .hasMessageContaining("<in-memory model")
          .hasMessageContaining("'c'")
          .hasMessageContaining("unknown input")
          .hasMessageContaining("a: FLOAT[2, 3]")
          .hasMessageContaining("b: FLOAT[2, 3]");
      assertThatThrownBy(() -> session.run(Map.of("a", ok), Set.of("sum")))
          .isInstanceOf(OnnxSessionException.class)
          .hasMessageContaining("missing input(s) [b]");
      assertThatThrownBy(
              () -> session.run(Map.of("a", ok, "b", ok.castTo(DataType.HALF)), Set.of("sum")))
          .isInstanceOf(OnnxSessionException.class)
          .hasMessageContaining("'b'")
          .hasMessageContaining("element type FLOAT")
          .hasMessageContaining("got HALF[2, 3]");
      assertThatThrownBy(() -> session.run(Map.of("a", ok, "b", Nd4j.zeros(6)), Set.of("sum")))
          .isInstanceOf(OnnxSessionException.class)
          .hasMessageContaining("'b'")
          .hasMessageContaining("rank 2")
          .hasMessageContaining("got FLOAT[6]");
      assertThatThrownBy(() -> session.run(Map.of("a", Nd4j.zeros(2, 4), "b", ok), Set.of("sum")))
          .isInstanceOf(OnnxSessionException.class)
          .hasMessageContaining("'a'")
          .hasMessageContaining("dimension 1 must be 3")
          .hasMessageContaining("got FLOAT[2, 4]");
      assertThatThrownBy(() -> session.run(Map.of("a", ok, "b", ok), Set.of("sum", "product")))
          .isInstanceOf(OnnxSessionException.class)
          .hasMessageContaining("'product'")
          .hasMessageContaining("unknown output")
          .hasMessageContaining("sum: FLOAT[2, 3]");
      assertThatThrownBy(() -> session.run(Map.of("a", ok, "b", ok), Set.of()))
          .isInstanceOf(OnnxSessionException.class)
          .hasMessageContaining("no outputs requested");
    }
  }

  @Test
  void symbolicDimensionsAcceptAnySizeButFixedOnesAreChecked() {
    try (OnnxSession session = OnnxSession.open(OnnxTestModels.matMul(), CPU)) {
      assertThatThrownBy(
              () -> session.run(Map.of("x", Nd4j.zeros(7, 3), "w", Nd4j.zeros(4, 4)), Set.of("y")))
          .isInstanceOf(OnnxSessionException.class)
          .hasMessageContaining("'w'")
          .hasMessageContaining("dimension 0 must be 3 (w: FLOAT[3, 4])");
      assertThatThrownBy(
              () -> session.run(Map.of("x", Nd4j.zeros(7, 2), "w", Nd4j.zeros(3, 4)), Set.of("y")))
          .hasMessageContaining("x: FLOAT[batch, 3]");
    }
  }

  @Test
  void missingFileAndClosedSessionAreReported(@TempDir Path dir) {
    Path absent = dir.resolve("absent.onnx");
    assertThatThrownBy(() -> OnnxSession.open(absent, CPU))
        .isInstanceOf(OnnxSessionException.class)
        .hasMessageContaining(absent.toString())
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> OnnxSession.open(new byte[] {1, 2, 3}, CPU))
        .isInstanceOf(OnnxSessionException.class)
        .hasMessageContaining("could not load the model");
    OnnxSession session = OnnxSession.open(OnnxTestModels.add(), CPU);
    session.close();
    session.close();
    INDArray ok = Nd4j.zeros(DataType.FLOAT, 2, 3);
    assertThatThrownBy(() -> session.run(Map.of("a", ok, "b", ok), Set.of("sum")))
        .isInstanceOf(OnnxSessionException.class)
        .hasMessageContaining("session is closed");
  }

  static double maxAbsDiff(INDArray a, INDArray b) {
    assertThat(a.shape()).isEqualTo(b.shape());
    return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
  }
}
