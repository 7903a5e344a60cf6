package ai.taskaware.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.core.checkpoint.config.ClipTextConfig;
import ai.taskaware.core.checkpoint.config.LlamaConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed checkpoints, one per row: each must fail with a {@link CheckpointException} whose
 * message names the file and, where one is involved, the tensor (or config key).
 */
class MalformedCheckpointTest {

  /**
   * One row: builds the bad input in a fresh folder and returns the path to open.
   *
   * @param fileInMessage the file name the message must contain
   * @param tensorInMessage the tensor or key the message must name, or null
   * @param opener how the row is opened
   */
  record Case(
      String title,
      Function<Path, Path> build,
      String fileInMessage,
      String tensorInMessage,
      Function<Path, Object> opener) {
    @Override
    public String toString() {
      return title;
    }
  }

  private static final Function<Path, Object> SAFETENSORS = SafetensorsFile::open;
  private static final Function<Path, Object> SHARDED = ShardedCheckpoint::open;
  private static final Function<Path, Object> WEIGHTS = Checkpoints::openWeights;

  /** Writes {@code 8-byte length + header + data} with the true header length. */
  static Path raw(Path dir, String name, String header, int dataBytes) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    return rawWithLength(dir, name, h.length, h, dataBytes);
  }

  static Path rawWithLength(Path dir, String name, long length, byte[] header, int dataBytes) {
    ByteBuffer b =
        ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(length).put(header);
    Path p = dir.resolve(name);
    try {
      Files.write(p, b.array());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  static Path text(Path dir, String name, String content) {
    try {
      return Files.writeString(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String tensor(String name, String dtype, String shape, long begin, long end) {
    return "\"%s\":{\"dtype\":\"%s\",\"shape\":%s,\"data_offsets\":[%d,%d]}"
        .formatted(name, dtype, shape, begin, end);
  }

  /** A two-shard checkpoint, a → shard 1, b → shard 2, with the given index weight_map. */
  static Path sharded(Path dir, String weightMap, boolean writeSecondShard) {
    new SafetensorsWriter()
        .add("a", DType.F32, new long[] {2}, new byte[8])
        .write(dir.resolve("m-1.safetensors"));
    if (writeSecondShard) {
      new SafetensorsWriter()
          .add("b", DType.F32, new long[] {1}, new byte[4])
          .write(dir.resolve("m-2.safetensors"));
    }
    return text(
        dir, "m.safetensors.index.json", "{\"metadata\":{},\"weight_map\":" + weightMap + "}");
  }

  static Stream<Arguments> cases() {
    List<Case> cases =
        List.of(
            new Case(
                "missing file",
                d -> d.resolve("nope.safetensors"),
                "nope.safetensors",
                null,
                SAFETENSORS),
            new Case(
                "empty file",
                d -> text(d, "empty.safetensors", ""),
                "empty.safetensors",
                null,
                SAFETENSORS),
            new Case(
                "7-byte file",
                d -> text(d, "short.safetensors", "1234567"),
                "short.safetensors",
                null,
                SAFETENSORS),
            new Case(
                "header length past EOF",
                d ->
                    rawWithLength(
                        d, "eof.safetensors", 1000, "{}".getBytes(StandardCharsets.UTF_8), 0),
                "eof.safetensors",
                null,
                SAFETENSORS),
            new Case(
                "header length over the 100 MB cap",
                d ->
                    rawWithLength(
                        d,
                        "cap.safetensors",
                        100_000_001L,
                        "{}".getBytes(StandardCharsets.UTF_8),
                        0),
                "cap.safetensors",
                null,
                SAFETENSORS),
            new Case(
                "header length with the u64 sign bit set",
                d ->
                    rawWithLength(
                        d, "sign.safetensors", -8, "{}".getBytes(StandardCharsets.UTF_8), 0),
                "sign.safetensors",
                null,
                SAFETENSORS),
            new Case(
                "bad JSON",
                d -> raw(d, "json.safetensors", "{\"a\":", 0),
                "json.safetensors",
                null,
                SAFETENSORS),
            new Case(
                "header is an array",
                d -> raw(d, "arr.safetensors", "[1,2]   ", 0),
                "arr.safetensors",
                null,
                SAFETENSORS),
            new Case(
                "invalid UTF-8",
                d ->
                    rawWithLength(
                        d, "utf.safetensors", 4, new byte[] {'{', (byte) 0xff, '}', ' '}, 0),
                "utf.safetensors",
                null,
                SAFETENSORS),
            new Case(
                "trailing garbage after the JSON",
                d -> raw(d, "trail.safetensors", "{} x", 0),
                "trail.safetensors",
                null,
                SAFETENSORS),
            new Case(
                "unknown dtype",
                d ->
                    raw(d, "dtype.safetensors", "{" + tensor("w", "F8_E4M3", "[2]", 0, 2) + "}", 2),
                "dtype.safetensors",
                "w",
                SAFETENSORS),
            new Case(
                "negative dimension",
                d -> raw(d, "neg.safetensors", "{" + tensor("w", "U8", "[-2]", 0, 2) + "}", 2),
                "neg.safetensors",
                "w",
                SAFETENSORS),
            new Case(
                "fractional dimension",
                d -> raw(d, "frac.safetensors", "{" + tensor("w", "U8", "[2.5]", 0, 2) + "}", 2),
                "frac.safetensors",
                "w",
                SAFETENSORS),
            new Case(
                "shape overflows 64 bits",
                d ->
                    raw(
                        d,
                        "ovf.safetensors",
                        "{" + tensor("w", "F64", "[4294967296,4294967296]", 0, 0) + "}",
                        0),
                "ovf.safetensors",
                "w",
                SAFETENSORS),
            new Case(
                "begin after end",
                d -> raw(d, "rev.safetensors", "{" + tensor("w", "U8", "[2]", 4, 2) + "}", 4),
                "rev.safetensors",
                "w",
                SAFETENSORS),
            new Case(
                "offsets past the end of the data",
                d -> raw(d, "past.safetensors", "{" + tensor("w", "F32", "[4]", 0, 16) + "}", 8),
                "past.safetensors",
                "w",
                SAFETENSORS),
            new Case(
                "overlapping tensors",
                d ->
                    raw(
                        d,
                        "overlap.safetensors",
                        "{"
                            + tensor("a", "U8", "[4]", 0, 4)
                            + ","
                            + tensor("b", "U8", "[4]", 2, 6)
                            + "}",
                        6),
                "overlap.safetensors",
                "b",
                SAFETENSORS),
            new Case(
                "out of order and overlapping",
                d ->
                    raw(
                        d,
                        "order.safetensors",
                        "{"
                            + tensor("a", "U8", "[4]", 4, 8)
                            + ","
                            + tensor("b", "U8", "[6]", 0, 6)
                            + "}",
                        8),
                "order.safetensors",
                "a",
                SAFETENSORS),
            new Case(
                "gap between tensors",
                d ->
                    raw(
                        d,
                        "gap.safetensors",
                        "{"
                            + tensor("a", "U8", "[4]", 0, 4)
                            + ","
                            + tensor("b", "U8", "[4]", 6, 10)
                            + "}",
                        10),
                "gap.safetensors",
                "b",
                SAFETENSORS),
            new Case(
                "shape and byte count disagree",
                d -> raw(d, "size.safetensors", "{" + tensor("w", "F32", "[3]", 0, 8) + "}", 8),
                "size.safetensors",
                "w",
                SAFETENSORS),
            new Case(
                "duplicate key",
                d ->
                    raw(
                        d,
                        "dup.safetensors",
                        "{"
                            + tensor("w", "U8", "[2]", 0, 2)
                            + ","
                            + tensor("w", "U8", "[2]", 0, 2)
                            + "}",
                        2),
                "dup.safetensors",
                "w",
                SAFETENSORS),
            new Case(
                "bytes after the last tensor",
                d -> raw(d, "tail.safetensors", "{" + tensor("w", "U8", "[2]", 0, 2) + "}", 5),
                "tail.safetensors",
                null,
                SAFETENSORS),
            new Case(
                "data_offsets with three entries",
                d ->
                    raw(
                        d,
                        "three.safetensors",
                        "{\"w\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2,4]}}",
                        2),
                "three.safetensors",
                "w",
                SAFETENSORS),
            new Case(
                "tensor entry is a string",
                d -> raw(d, "str.safetensors", "{\"w\":\"F32\"}", 0),
                "str.safetensors",
                "w",
                SAFETENSORS),
            new Case(
                "metadata value is a number",
                d -> raw(d, "meta.safetensors", "{\"__metadata__\":{\"format\":1}}", 0),
                "meta.safetensors",
                "__metadata__",
                SAFETENSORS),
            new Case(
                "missing shard",
                d -> sharded(d, "{\"a\":\"m-1.safetensors\",\"b\":\"m-2.safetensors\"}", false),
                "m.safetensors.index.json",
                "b",
                SHARDED),
            new Case(
                "index names a shard that does not exist",
                d -> sharded(d, "{\"a\":\"m-1.safetensors\",\"b\":\"m-9.safetensors\"}", true),
                "m-9.safetensors",
                "b",
                SHARDED),
            new Case(
                "shard lacks a tensor the index lists",
                d ->
                    sharded(
                        d,
                        "{\"a\":\"m-1.safetensors\",\"b\":\"m-2.safetensors\",\"c\":\"m-2.safetensors\"}",
                        true),
                "m-2.safetensors",
                "c",
                SHARDED),
            new Case(
                "shard holds a tensor the index does not list",
                d -> {
                  new SafetensorsWriter()
                      .add("a", DType.U8, new long[] {1}, new byte[1])
                      .add("stray", DType.U8, new long[] {1}, new byte[1])
                      .write(d.resolve("s-1.safetensors"));
                  return text(
                      d,
                      "s.safetensors.index.json",
                      "{\"weight_map\":{\"a\":\"s-1.safetensors\"}}");
                },
                "s-1.safetensors",
                "stray",
                SHARDED),
            new Case(
                "index shard path escapes the folder",
                d -> sharded(d, "{\"a\":\"../m-1.safetensors\"}", true),
                "m.safetensors.index.json",
                "a",
                SHARDED),
            new Case(
                "index without weight_map",
                d -> text(d, "x.safetensors.index.json", "{\"metadata\":{}}"),
                "x.safetensors.index.json",
                "weight_map",
                SHARDED),
            new Case(
                "index is not JSON",
                d -> text(d, "y.safetensors.index.json", "{weight_map"),
                "y.safetensors.index.json",
                null,
                SHARDED),
            new Case(
                "folder without weights",
                d -> {
                  text(d, "config.json", "{}");
                  return d;
                },
                "model.safetensors",
                null,
                WEIGHTS),
            new Case(
                "bad config JSON",
                d -> text(d, "config.json", "{\"hidden_size\": 32,,}"),
                "config.json",
                null,
                ClipTextConfig::read),
            new Case(
                "config value of the wrong type",
                d -> text(d, "config.json", "{\"num_hidden_layers\": \"two\"}"),
                "config.json",
                "num_hidden_layers",
                LlamaConfig::read),
            new Case(
                "config heads not divisible",
                d ->
                    text(
                        d,
                        "config.json",
                        "{\"num_attention_heads\": 6, \"num_key_value_heads\": 4}"),
                "config.json",
                "num_key_value_heads",
                LlamaConfig::read));
    return cases.stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void failsWithATypedMessageNamingFileAndTensor(
      Case c, @org.junit.jupiter.api.io.TempDir Path dir) {
    Path target = c.build().apply(dir);
    assertThatThrownBy(
            () -> {
              Object opened = c.opener().apply(target);
              if (opened instanceof AutoCloseable a) {
                a.close();
              }
            })
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(c.fileInMessage())
        .satisfies(
            e -> {
              if (c.tensorInMessage() != null) {
                assertThat(e.getMessage()).contains(c.tensorInMessage());
              }
              System.out.println("[" + c.title() + "] " + e.getMessage());
            });
  }
}
