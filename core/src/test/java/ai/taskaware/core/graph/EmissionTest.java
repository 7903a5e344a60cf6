package ai.taskaware.core.graph;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.taskaware.core.checkpoint.DType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** ONNX emission: inline and external data, zero-copy checkpoint weights, weight dtype policies. */
class EmissionTest {

  @TempDir Path dir;

  private final SplittableRandom rnd = new SplittableRandom(7);
  private final Tensor w1 = Tensor.random(rnd, 32, 16);
  private final Tensor b1 = Tensor.random(rnd, 32);
  private final Tensor w2 = Tensor.random(rnd, 8, 32);
  private final Tensor x = Tensor.random(rnd, 3, 16);

  /** A two-layer MLP whose weight matrices exceed the external-data threshold. */
  private Graph mlp() {
    GraphBuilder g = new GraphBuilder("mlp");
    Value in = g.input("x", DType.F32, Shape.of(Dim.symbolic("batch"), Dim.of(16)));
    Value h =
        g.gelu(
            g.linear(
                in,
                g.initializer("fc1.weight", w1.data(), 32, 16),
                g.initializer("fc1.bias", b1.data(), 32)));
    g.output(g.linear(h, g.initializer("fc2.weight", w2.data(), 8, 32), null), "y");
    return g.build();
  }

  private Tensor mlpReference() {
    return ReferenceOps.linear(ReferenceOps.gelu(ReferenceOps.linear(x, w1, b1)), w2, null);
  }

  private static ModelProto read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return ModelProto.parseFrom(in);
    }
  }

  @Test
  void externalDataRoundTripsThroughOrtWithIdenticalResults() throws IOException {
    Graph graph = mlp();
    Tensor inline = OrtRunner.run(OnnxEmitter.toBytes(graph), Map.of("x", x)).get("y");
    Path file = dir.resolve("mlp.onnx");
    OnnxEmitter.writeTo(graph, file, OnnxEmitter.Storage.EXTERNAL);
    Path data = OnnxEmitter.dataFileOf(file);
    assertThat(data).exists();
    Tensor external = OrtRunner.run(file, Map.of("x", x)).get("y");

    assertThat(external.data()).containsExactly(inline.data());
    assertThat(OpBatch.maxError(external, mlpReference())).isLessThan(OpBatch.FP32);

    ModelProto model = read(file);
    Map<String, TensorProto> byName =
        model.getGraph().getInitializerList().stream()
            .collect(Collectors.toMap(TensorProto::getName, t -> t));
    try (FileChannel ch = FileChannel.open(data)) {
      for (String name : new String[] {"fc1.weight", "fc2.weight"}) {
        TensorProto t = byName.get(name);
        assertThat(t.getDataLocation()).isEqualTo(TensorProto.DataLocation.EXTERNAL);
        assertThat(t.getRawData().isEmpty()).isTrue();
        Map<String, String> entries =
            t.getExternalDataList().stream()
                .collect(Collectors.toMap(e -> e.getKey(), e -> e.getValue()));
        assertThat(entries.get("location")).isEqualTo("mlp.onnx.data");
        long offset = Long.parseLong(entries.get("offset"));
        long length = Long.parseLong(entries.get("length"));
        assertThat(offset % OnnxEmitter.EXTERNAL_ALIGNMENT).as(name + " offset").isZero();
        Tensor expected = name.equals("fc1.weight") ? w1 : w2;
        assertThat(length).isEqualTo(4L * expected.data().length);
        ByteBuffer bytes = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(bytes, offset);
        float[] stored = new float[expected.data().length];
        bytes.flip().asFloatBuffer().get(stored);
        assertThat(stored).containsExactly(expected.data());
      }
    }
    // fc1.bias (128 bytes) and the GELU scalars stay inline.
    assertThat(byName.get("fc1.bias").getDataLocation())
        .isEqualTo(TensorProto.DataLocation.DEFAULT);
    assertThat(model.getIrVersion()).isEqualTo(8);
    assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(17);
    assertThat(
            model
                .getGraph()
                .getOutput(0)
                .getType()
                .getTensorType()
                .getShape()
                .getDim(0)
                .getDimParam())
        .isEqualTo("batch");
  }

  @Test
  void autoStorageKeepsSmallModelsInline() throws IOException {
    Path file = dir.resolve("small.onnx");
    OnnxEmitter.writeTo(mlp(), file);
    assertThat(OnnxEmitter.dataFileOf(file)).doesNotExist();
    assertThat(read(file).getGraph().getInitializerList())
        .allMatch(t -> t.getDataLocation() == TensorProto.DataLocation.DEFAULT);
    Tensor y = OrtRunner.run(file, Map.of("x", x)).get("y");
    assertThat(OpBatch.maxError(y, mlpReference())).isLessThan(OpBatch.FP32);
  }

  @Test
  void checkpointWeightsRunFromTheirMemoryMap() {
    Tensor w = Tensor.random(rnd, 4, 16);
    Tensor b = Tensor.random(rnd, 4);
    try (MappedTensorSource source =
        MappedTensorSource.write(
            dir.resolve("ckpt.bin"),
            MappedTensorSource.f32("proj.weight", w.data(), 4, 16),
            MappedTensorSource.f32("proj.bias", b.data(), 4))) {
      GraphBuilder g = new GraphBuilder("proj");
      Value in = g.input("x", DType.F32, 3, 16);
      g.output(g.linear(in, g.weight(source, "proj.weight"), g.weight(source, "proj.bias")), "y");
      Graph graph = g.build();
      Tensor y = OrtRunner.run(OnnxEmitter.toBytes(graph), Map.of("x", x)).get("y");
      assertThat(OpBatch.maxError(y, ReferenceOps.linear(x, w, b))).isLessThan(OpBatch.FP32);

      // The graph holds the mapped view, not a snapshot: a later write to the file shows through.
      source.mapping().order(ByteOrder.LITTLE_ENDIAN).putFloat(0, 42f);
      TensorProto weight = OnnxEmitter.toModel(graph).getGraph().getInitializer(0);
      assertThat(weight.getName()).isEqualTo("proj.weight");
      assertThat(
              weight.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getFloat(0))
          .isEqualTo(42f);
    }
  }

  @ParameterizedTest(name = "storage {0}")
  @CsvSource({"INLINE", "EXTERNAL"})
  void largeCheckpointWeightsStreamToDiskWithoutHeapCopies(OnnxEmitter.Storage storage)
      throws IOException {
    int rows = 2048;
    int cols = 4096; // 32 MiB of float32
    float[] big = new float[rows * cols];
    for (int i = 0; i < big.length; i++) {
      big[i] = i * 0.25f;
    }
    try (MappedTensorSource source =
        MappedTensorSource.write(
            dir.resolve("big.bin"), MappedTensorSource.f32("embed.weight", big, rows, cols))) {
      big = null;
      GraphBuilder g = new GraphBuilder("embed");
      Value ids = g.input("ids", DType.I64, 3);
      g.output(g.gather(g.weight(source, "embed.weight"), ids, 0), "rows");
      Graph graph = g.build();
      Path file = dir.resolve("embed-" + storage + ".onnx");

      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean)
              java.lang.management.ManagementFactory.getThreadMXBean();
      long before = threads.getCurrentThreadAllocatedBytes();
      OnnxEmitter.writeTo(graph, file, storage);
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      System.out.printf(
          "writeTo %s: 32 MiB weight, %d KiB heap allocated, file %d KiB%n",
          storage, allocated / 1024, Files.size(file) / 1024);
      assertThat(allocated).as("heap bytes allocated while writing").isLessThan(4L << 20);

      Tensor out = OrtRunner.run(file, Map.of("ids", new long[][] {{3}, {0, 2047, 5}})).get("rows");
      assertThat(out.shape()).containsExactly(3, cols);
      for (int c = 0; c < cols; c += 511) {
        assertThat(out.get(0, c)).isEqualTo(c * 0.25f);
        assertThat(out.get(1, c)).isEqualTo((2047 * cols + c) * 0.25f);
        assertThat(out.get(2, c)).isEqualTo((5 * cols + c) * 0.25f);
      }
    }
  }

  @ParameterizedTest(name = "{0} weights with policy {1}")
  @CsvSource({
    "F16, KEEP, F16",
    "F16, KEEP_AND_CAST, F16",
    "F16, CONVERT_TO_FLOAT, F32",
    "BF16, KEEP_AND_CAST, BF16",
    "BF16, CONVERT_TO_FLOAT, F32"
  })
  void weightPoliciesGiveTheSameResults(DType stored, WeightPolicy policy, DType emitted)
      throws IOException {
    Tensor w = Tensor.random(rnd, 32, 16);
    try (MappedTensorSource source =
        MappedTensorSource.write(
            dir.resolve("half.bin"), MappedTensorSource.half("w", stored, w.data(), 32, 16))) {
      GraphBuilder g = new GraphBuilder("half").weightPolicy(policy);
      Value in = g.input("x", DType.F32, 3, 16);
      Value weight = g.weight(source, "w");
      assertThat(weight.dtype()).isEqualTo(policy == WeightPolicy.KEEP ? stored : DType.F32);
      Value wf = weight.dtype() == DType.F32 ? weight : g.cast(weight, DType.F32);
      g.output(g.linear(in, wf, null), "y");
      Graph graph = g.build();
      assertThat(graph.initializers().get(0).dtype()).isEqualTo(emitted);

      Tensor decoded = Tensor.zeros(32, 16);
      ByteBuffer raw = source.buffer("w");
      for (int i = 0; i < decoded.data().length; i++) {
        short bits = raw.getShort(2 * i);
        decoded.data()[i] =
            stored == DType.F16 ? HalfPrecision.fp16ToFloat(bits) : HalfPrecision.bf16ToFloat(bits);
      }
      Tensor expected = ReferenceOps.linear(x, decoded, null);
      Tensor inline = OrtRunner.run(OnnxEmitter.toBytes(graph), Map.of("x", x)).get("y");
      assertThat(OpBatch.maxError(inline, expected)).isLessThan(OpBatch.FP32);
      // External emission streams the conversion chunk by chunk; results must not change.
      Path file = dir.resolve("half.onnx");
      OnnxEmitter.writeTo(graph, file, OnnxEmitter.Storage.EXTERNAL);
      Tensor external = OrtRunner.run(file, Map.of("x", x)).get("y");
      assertThat(external.data()).containsExactly(inline.data());
    }
  }

  @Test
  void initializersFromIndArrays() {
    Nd4j.getRandom().setSeed(3);
    INDArray wf = Nd4j.rand(DataType.FLOAT, 4, 16);
    INDArray wd = Nd4j.rand(DataType.DOUBLE, 4);
    INDArray wh = Nd4j.rand(DataType.FLOAT, 4).castTo(DataType.HALF);
    INDArray idx = Nd4j.createFromArray(new long[] {3, 1});
    GraphBuilder g = new GraphBuilder("nd4j");
    Value in = g.input("x", DType.F32, 3, 16);
    Value y = g.linear(in, g.initializer("wf", wf), g.cast(g.initializer("wd", wd), DType.F32));
    y = g.add(y, g.cast(g.initializer("wh", wh), DType.F32));
    g.output(g.gather(y, g.initializer("idx", idx), 1), "y");
    Tensor out = OrtRunner.run(OnnxEmitter.toBytes(g.build()), Map.of("x", x)).get("y");

    Tensor tw = new Tensor(new int[] {4, 16}, Nd4j.toFlattened(wf).toFloatVector());
    Tensor tb = new Tensor(new int[] {4}, wd.castTo(DataType.FLOAT).toFloatVector());
    Tensor th = new Tensor(new int[] {4}, wh.castTo(DataType.FLOAT).toFloatVector());
    Tensor expected =
        ReferenceOps.gather(
            ReferenceOps.zip(ReferenceOps.linear(x, tw, tb), th, Double::sum),
            new int[] {3, 1},
            new int[] {2},
            1);
    assertThat(OpBatch.maxError(out, expected)).isLessThan(OpBatch.FP32);
  }

  @Test
  void halfPrecisionConversionsRoundTripEveryPattern() {
    for (int bits = 0; bits < 0x10000; bits++) {
      short h = (short) bits;
      float f = HalfPrecision.fp16ToFloat(h);
      if (!Float.isNaN(f)) {
        assertThat(HalfPrecision.floatToFp16(f)).as("fp16 %04x", bits).isEqualTo(h);
      }
      float bf = HalfPrecision.bf16ToFloat(h);
      if (!Float.isNaN(bf)) {
        assertThat(HalfPrecision.floatToBf16(bf)).as("bf16 %04x", bits).isEqualTo(h);
      }
    }
    assertThat(HalfPrecision.fp16ToFloat(HalfPrecision.floatToFp16(65504f))).isEqualTo(65504f);
    assertThat(HalfPrecision.floatToFp16(65520f)).isEqualTo((short) 0x7c00); // rounds to +inf
    assertThat(HalfPrecision.fp16ToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
  }
}
