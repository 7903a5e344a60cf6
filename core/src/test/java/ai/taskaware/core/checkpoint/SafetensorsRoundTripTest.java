package ai.taskaware.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Write → read round trips for every dtype, scalars and zero-size tensors, bit for bit. */
class SafetensorsRoundTripTest {

  private static final long[][] SHAPES = {{}, {0}, {2, 0, 3}, {1}, {5}, {2, 3, 4}};

  @TempDir Path dir;

  private static byte[] randomBytes(Random rnd, DType dtype, long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    byte[] b = new byte[(int) n * dtype.byteSize()];
    rnd.nextBytes(b);
    if (dtype == DType.BOOL) {
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (b[i] & 1);
      }
    }
    return b;
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  private static String key(DType d, long[] shape) {
    return d.safetensorsName() + Arrays.toString(shape).replace(" ", "");
  }

  @Test
  void rawBytesOfEveryDtypeAndShapeRoundTripBitExact() {
    Random rnd = new Random(42);
    SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt").metadata("note", "ü");
    Map<String, byte[]> expected = new java.util.LinkedHashMap<>();
    for (DType d : DType.values()) {
      for (long[] shape : SHAPES) {
        byte[] b = randomBytes(rnd, d, shape);
        expected.put(key(d, shape), b);
        w.add(key(d, shape), d, shape, b);
      }
    }
    Path file = dir.resolve("all.safetensors");
    w.write(file);
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertThat(f.headerLength() % 8).isZero();
      assertThat(f.metadata()).containsExactly(Map.entry("format", "pt"), Map.entry("note", "ü"));
      // Insertion order is file order.
      assertThat(new ArrayList<>(f.names())).containsExactlyElementsOf(expected.keySet());
      for (DType d : DType.values()) {
        for (long[] shape : SHAPES) {
          String name = key(d, shape);
          TensorInfo info = f.info(name);
          assertThat(info.dtype()).isEqualTo(d);
          assertThat(info.shape()).isEqualTo(shape);
          assertThat(bytes(f.buffer(name))).as(name).isEqualTo(expected.get(name));
          INDArray a = f.array(name);
          assertThat(a.dataType()).isEqualTo(NdArrays.ndType(d));
          assertThat(a.shape()).as(name).isEqualTo(shape);
          assertThat(bytes(NdArrays.bytesOf(a))).as(name).isEqualTo(expected.get(name));
          INDArray fl = f.floatArray(name);
          assertThat(fl.dataType()).isEqualTo(DataType.FLOAT);
          assertThat(fl.shape()).isEqualTo(shape);
          float[] want = decodeToFloat(d, expected.get(name));
          float[] got = fl.length() == 0 ? new float[0] : fl.data().asFloat();
          assertThat(floatBits(got)).as(name).isEqualTo(floatBits(want));
        }
      }
    }
  }

  /** An independent decoding with plain Java, F16 by the textbook formula. */
  private static float[] decodeToFloat(DType d, byte[] raw) {
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    int n = raw.length / d.byteSize();
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] =
          switch (d) {
            case F64 -> (float) b.getDouble(8 * i);
            case F32 -> b.getFloat(4 * i);
            case F16 -> textbookHalf(b.getShort(2 * i));
            case BF16 -> Float.intBitsToFloat(b.getShort(2 * i) << 16);
            case I64 -> b.getLong(8 * i);
            case I32 -> b.getInt(4 * i);
            case I16 -> b.getShort(2 * i);
            case I8 -> b.get(i);
            case U8 -> b.get(i) & 0xff;
            case BOOL -> b.get(i);
          };
    }
    return out;
  }

  private static float textbookHalf(short s) {
    int sign = (s >> 15) & 1;
    int e = (s >> 10) & 0x1f;
    int m = s & 0x3ff;
    double v;
    if (e == 0) {
      v = m * Math.pow(2, -24);
    } else if (e == 31) {
      return m == 0
          ? (sign == 1 ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY)
          : Float.intBitsToFloat((sign << 31) | 0x7f800000 | (m << 13));
    } else {
      v = (1 + m / 1024.0) * Math.pow(2, e - 15);
    }
    return (float) (sign == 1 ? -v : v);
  }

  private static int[] floatBits(float[] f) {
    int[] out = new int[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = Float.floatToRawIntBits(f[i]);
    }
    return out;
  }

  @Test
  void everyHalfFloatWidensLikeNd4jAndTheTextbook() {
    ByteBuffer all = ByteBuffer.allocate(2 * 65536).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 65536; i++) {
      all.putShort((short) i);
    }
    all.flip();
    Path file = dir.resolve("halfs.safetensors");
    new SafetensorsWriter().add("h", DType.F16, new long[] {65536}, all).write(file);
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      float[] ours = f.floatArray("h").data().asFloat();
      float[] nd4j = f.array("h").castTo(DataType.FLOAT).data().asFloat();
      for (int i = 0; i < 65536; i++) {
        float textbook = textbookHalf((short) i);
        if (Float.isNaN(textbook)) {
          assertThat(ours[i]).as("0x%04x", i).isNaN();
          continue;
        }
        assertThat(Float.floatToRawIntBits(ours[i]))
            .as("0x%04x", i)
            .isEqualTo(Float.floatToRawIntBits(textbook));
        assertThat(ours[i]).as("nd4j 0x%04x", i).isEqualTo(nd4j[i]);
      }
    }
  }

  @Test
  void nd4jArraysOfEveryTypeRoundTripIncludingViewsScalarsAndEmpty() {
    List<INDArray> arrays = new ArrayList<>();
    Nd4j.getRandom().setSeed(7);
    INDArray base = Nd4j.rand(DataType.DOUBLE, 3, 4).subi(0.5).muli(100);
    for (DataType t :
        List.of(
            DataType.DOUBLE,
            DataType.FLOAT,
            DataType.HALF,
            DataType.BFLOAT16,
            DataType.LONG,
            DataType.INT,
            DataType.SHORT,
            DataType.BYTE,
            DataType.UBYTE,
            DataType.BOOL)) {
      arrays.add(base.castTo(t));
      arrays.add(base.castTo(t).transpose()); // an F-order view: written in C order
      arrays.add(Nd4j.scalar(3.0).castTo(t));
      arrays.add(Nd4j.create(t, 0, 3));
    }
    SafetensorsWriter w = new SafetensorsWriter();
    for (int i = 0; i < arrays.size(); i++) {
      w.add("a" + i, arrays.get(i));
    }
    Path file = dir.resolve("nd4j.safetensors");
    w.write(file);
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      for (int i = 0; i < arrays.size(); i++) {
        INDArray want = arrays.get(i);
        INDArray got = f.array("a" + i);
        assertThat(got.dataType()).isEqualTo(want.dataType());
        assertThat(got.shape()).as("a" + i).isEqualTo(want.shape());
        assertThat(got.isEmpty()).isEqualTo(want.isEmpty());
        if (!want.isEmpty()) {
          assertThat(bytes(NdArrays.bytesOf(got)))
              .as("a" + i)
              .isEqualTo(bytes(NdArrays.bytesOf(NdArrays.contiguous(want))));
          assertThat(got.castTo(DataType.DOUBLE)).isEqualTo(want.castTo(DataType.DOUBLE));
        }
      }
    }
  }

  @Test
  void headerBytesMatchTheReferenceWriter() throws IOException {
    // Expected bytes are the outputs of the Rust crate's own serialization tests
    // (safetensors/src/tensor.rs, test_serialization and test_empty).
    ByteBuffer data = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 6; i++) {
      data.putFloat(i);
    }
    data.flip();
    Path one = dir.resolve("one.safetensors");
    new SafetensorsWriter().add("attn.0", DType.F32, new long[] {1, 2, 3}, data).write(one);
    byte[] bytes = Files.readAllBytes(one);
    String json = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
    assertThat(bytes.length).isEqualTo(8 + 64 + 24);
    assertThat(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0)).isEqualTo(64);
    assertThat(new String(bytes, 8, 64, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(json);

    Path empty = dir.resolve("empty.safetensors");
    new SafetensorsWriter().write(empty);
    assertThat(Files.readAllBytes(empty))
        .containsExactly(8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' ');
    Path meta = dir.resolve("meta.safetensors");
    new SafetensorsWriter().metadata("framework", "pt").write(meta);
    byte[] m = Files.readAllBytes(meta);
    assertThat(m.length).isEqualTo(48);
    assertThat(new String(m, 8, 40, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"__metadata__\":{\"framework\":\"pt\"}}     ");
    try (SafetensorsFile f = SafetensorsFile.open(empty)) {
      assertThat(f.names()).isEmpty();
      assertThat(f.metadata()).isEmpty();
    }
  }

  @Test
  void chunksAreViewsOfTheTensorAndOutOfRangeChunksAreRejected() {
    byte[] b = new byte[400];
    new Random(1).nextBytes(b);
    Path file = dir.resolve("c.safetensors");
    new SafetensorsWriter()
        .add("pad", DType.U8, new long[] {3}, new byte[] {1, 2, 3})
        .add("t", DType.F32, new long[] {100}, b)
        .write(file);
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertThat(bytes(f.chunk("t", 10, 50))).isEqualTo(Arrays.copyOfRange(b, 10, 60));
      assertThat(f.chunk("t", 400, 0).remaining()).isZero();
      assertThat(f.buffer("t").isReadOnly()).isTrue();
      assertThat(f.buffer("t").order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
      assertThatThrownBy(() -> f.chunk("t", 380, 21))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("c.safetensors")
          .hasMessageContaining("'t'");
      assertThatThrownBy(() -> f.chunk("t", -1, 2)).isInstanceOf(CheckpointException.class);
      assertThatThrownBy(() -> f.info("nope"))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("'nope'");
    }
    SafetensorsFile closed = SafetensorsFile.open(file);
    closed.close();
    assertThatThrownBy(() -> closed.buffer("t"))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void writerRejectsMismatchedBytesAndDuplicateNames() {
    SafetensorsWriter w = new SafetensorsWriter().add("x", DType.F32, new long[] {2}, new byte[8]);
    assertThatThrownBy(() -> w.add("x", DType.F32, new long[] {2}, new byte[8]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'x'");
    assertThatThrownBy(() -> w.add("y", DType.F32, new long[] {3}, new byte[8]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 12 bytes");
    assertThatThrownBy(() -> w.add("__metadata__", DType.U8, new long[] {}, new byte[1]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
