package ai.taskaware.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random corruption, truncation and hostile headers: opening and reading must either work or fail
 * with a {@link CheckpointException} — never another exception, never an out-of-memory error.
 */
class HostileInputProperties {

  private static Path dir;
  private static byte[] valid;

  @BeforeContainer
  static void setUp() throws IOException {
    dir = Files.createTempDirectory("hostile-safetensors");
    Path p = dir.resolve("valid.safetensors");
    new SafetensorsWriter()
        .metadata("format", "pt")
        .add("f32", DType.F32, new long[] {2, 3}, new byte[24])
        .add("f16", DType.F16, new long[] {4}, new byte[8])
        .add("bool", DType.BOOL, new long[] {3}, new byte[] {0, 1, 1})
        .add("scalar", DType.I64, new long[] {}, new byte[8])
        .add("empty", DType.BF16, new long[] {0, 5}, new byte[0])
        .write(p);
    valid = Files.readAllBytes(p);
  }

  @AfterContainer
  static void tearDown() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }

  /** Opens, then reads every tensor every way; returns normally or throws CheckpointException. */
  private static void openAndReadEverything(byte[] bytes) {
    Path p = dir.resolve("t.safetensors");
    try {
      Files.write(p, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (SafetensorsFile f = SafetensorsFile.open(p)) {
      for (String name : f.names()) {
        TensorInfo t = f.info(name);
        assertThat(f.buffer(name).remaining()).isEqualTo((int) t.byteLength());
        assertThat(f.array(name).length()).isEqualTo(t.elementCount());
        f.floatArray(name);
      }
      f.metadata();
    } catch (CheckpointException expected) {
      assertThat(expected.getMessage()).contains("t.safetensors");
    }
  }

  @Property(tries = 150)
  void randomByteCorruptionFailsOnlyWithCheckpointException(
      @ForAll("positions") List<Integer> positions, @ForAll("bytes") List<Byte> values) {
    byte[] b = valid.clone();
    for (int i = 0; i < Math.min(positions.size(), values.size()); i++) {
      b[positions.get(i) % b.length] = values.get(i);
    }
    openAndReadEverything(b);
  }

  @Property(tries = 100)
  void truncationFailsOnlyWithCheckpointException(@ForAll("lengths") int length) {
    int n = Math.min(length, valid.length - 1);
    Path p = dir.resolve("t.safetensors");
    try {
      Files.write(p, Arrays.copyOf(valid, n));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Every strict prefix of a valid file is invalid: the data section no longer matches.
    try (SafetensorsFile ignored = SafetensorsFile.open(p)) {
      throw new AssertionError("a " + n + "-byte prefix opened");
    } catch (CheckpointException expected) {
      assertThat(expected.getMessage()).contains("t.safetensors");
    }
  }

  @Property(tries = 300)
  void hostileHeadersFailOnlyWithCheckpointException(
      @ForAll("headers") String header,
      @ForAll("declaredLengths") long declaredLength,
      @ForAll("dataSizes") int dataSize) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    long length = declaredLength == 0 ? h.length : declaredLength;
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataSize).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(length).put(h);
    openAndReadEverything(b.array());
  }

  @Property(tries = 100)
  void randomFilesFailOnlyWithCheckpointException(@ForAll("randomFiles") byte[] bytes) {
    openAndReadEverything(bytes);
  }

  @Provide
  Arbitrary<List<Integer>> positions() {
    return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMinSize(1).ofMaxSize(8);
  }

  @Provide
  Arbitrary<List<Byte>> bytes() {
    return Arbitraries.bytes().list().ofMinSize(1).ofMaxSize(8);
  }

  @Provide
  Arbitrary<Integer> lengths() {
    return Arbitraries.integers().between(0, 400);
  }

  @Provide
  Arbitrary<byte[]> randomFiles() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
  }

  /** 0 means "the true length"; otherwise a lie, small or astronomically large. */
  @Provide
  Arbitrary<Long> declaredLengths() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just(0L)),
        Tuple.of(1, Arbitraries.longs()),
        Tuple.of(1, Arbitraries.longs().between(1, 2_000)),
        Tuple.of(1, Arbitraries.of(100_000_000L, 100_000_001L, Long.MAX_VALUE, -1L)));
  }

  @Provide
  Arbitrary<Integer> dataSizes() {
    return Arbitraries.integers().between(0, 64);
  }

  private static Arbitrary<String> numbers() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(0, 16).map(String::valueOf),
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.of(
            "-1",
            "0",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551616",
            "4294967296",
            "1e300",
            "2.5",
            "-0",
            "null",
            "\"3\"",
            "true",
            "[]",
            "{}"));
  }

  private static Arbitrary<String> numberArrays() {
    return Arbitraries.oneOf(
        numbers().list().ofMaxSize(5).map(l -> "[" + String.join(",", l) + "]"),
        Arbitraries.of("null", "\"[1]\"", "{}", "[[1]]", "1"));
  }

  private static Arbitrary<String> dtypes() {
    return Arbitraries.oneOf(
        Arbitraries.of(DType.values()).map(d -> "\"" + d.safetensorsName() + "\""),
        Arbitraries.of("\"F8_E4M3\"", "\"f32\"", "\"\"", "null", "7", "[\"F32\"]", "{}"));
  }

  private static Arbitrary<String> entries() {
    Arbitrary<String> tensor =
        Combinators.combine(dtypes(), numberArrays(), numberArrays())
            .as(
                (d, s, o) ->
                    "{\"dtype\":" + d + ",\"shape\":" + s + ",\"data_offsets\":" + o + "}");
    Arbitrary<String> weird =
        Arbitraries.of(
            "null",
            "1",
            "\"x\"",
            "[]",
            "{}",
            "{\"dtype\":\"F32\"}",
            "{\"shape\":[1],\"data_offsets\":[0,4]}");
    return Arbitraries.frequencyOf(Tuple.of(5, tensor), Tuple.of(1, weird));
  }

  private static Arbitrary<String> deep() {
    return Arbitraries.integers()
        .between(1, 3000)
        .map(depth -> "{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
  }

  @Provide
  Arbitrary<String> headers() {
    Arbitrary<String> names = Arbitraries.of("a", "b", "a", "__metadata__", "", "w.0", "ü");
    Arbitrary<String> objects =
        Combinators.combine(names, entries())
            .as((n, e) -> "\"" + n + "\":" + e)
            .list()
            .ofMaxSize(4)
            .map(l -> "{" + String.join(",", l) + "}");
    Arbitrary<String> metadata =
        Arbitraries.of(
            "{\"__metadata__\":{\"k\":1}}",
            "{\"__metadata__\":[]}",
            "{\"__metadata__\":{\"k\":\"v\"},\"__metadata__\":{}}",
            "{\"__metadata__\":null}");
    Arbitrary<String> junk =
        Arbitraries.of("", " ", "[", "{", "}", "[]", "null", "\"str\"", "{}{}", "{} x", "{\"a\"}");
    Arbitrary<String> padding = Arbitraries.of("", " ", "       ", "\u0000");
    return Combinators.combine(
            Arbitraries.frequencyOf(
                Tuple.of(6, objects),
                Tuple.of(1, metadata),
                Tuple.of(1, junk),
                Tuple.of(1, deep())),
            padding)
        .as((h, p) -> h + p);
  }
}
