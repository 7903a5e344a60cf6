package ai.taskaware.core.checkpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and fully validated header of one safetensors file. Validation mirrors the reference
 * Rust crate ({@code safetensors::tensor::Metadata::validate} and {@code read_metadata}): header
 * length at most 100 000 000 bytes and inside the file, UTF-8 JSON object, tensors sorted by their
 * {@code data_offsets} must tile the data section exactly from 0 to its end (no overlap, no hole,
 * no trailing bytes), and each range must hold exactly {@code product(shape) * dtype size} bytes.
 * Beyond the crate it rejects duplicate keys, which serde would silently collapse.
 *
 * @param headerLength the JSON length in bytes (the u64 at the start of the file)
 * @param tensors tensor infos in data-offset order
 * @param metadata the {@code __metadata__} map, empty when absent
 */
record SafetensorsHeader(
    long headerLength, Map<String, TensorInfo> tensors, Map<String, String> metadata) {

  /** The reference crate's cap (MAX_HEADER_SIZE); bigger headers are hostile, not real. */
  static final long MAX_HEADER_LENGTH = 100_000_000L;

  private static final String METADATA_KEY = "__metadata__";

  /** Real headers are two levels deep; a low cap keeps hostile nesting cheap to reject. */
  private static final int MAX_NESTING_DEPTH = 16;

  private static final ObjectMapper JSON =
      new ObjectMapper(
              JsonFactory.builder()
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  /** Offset of the first data byte in the file. */
  long dataStart() {
    return 8 + headerLength;
  }

  /** Reads and validates the header of {@code file} through {@code channel}. */
  static SafetensorsHeader read(Path file, FileChannel channel) throws IOException {
    long fileSize = channel.size();
    if (fileSize < 8) {
      throw new CheckpointException(
          file,
          null,
          "file is "
              + fileSize
              + " bytes, too short for the 8-byte header length of a safetensors file");
    }
    ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, prefix, 0);
    long n = prefix.getLong(0);
    // The u64 is unsigned: a negative long is a length of at least 2^63.
    if (n < 0 || n > MAX_HEADER_LENGTH) {
      throw new CheckpointException(
          file,
          null,
          "header length "
              + Long.toUnsignedString(n)
              + " exceeds the limit of "
              + MAX_HEADER_LENGTH
              + " bytes");
    }
    if (8 + n > fileSize) {
      throw new CheckpointException(
          file,
          null,
          "header length " + n + " runs past the end of the file (" + fileSize + " bytes)");
    }
    ByteBuffer json = ByteBuffer.allocate((int) n);
    readFully(channel, json, 8);
    json.flip();
    return parse(file, json, n, fileSize - 8 - n);
  }

  private static void readFully(FileChannel channel, ByteBuffer dst, long position)
      throws IOException {
    long pos = position;
    while (dst.hasRemaining()) {
      int r = channel.read(dst, pos);
      if (r < 0) {
        throw new IOException("unexpected end of file at byte " + pos);
      }
      pos += r;
    }
  }

  static SafetensorsHeader parse(Path file, ByteBuffer json, long headerLength, long dataSize) {
    String text;
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(json);
      text = chars.toString();
    } catch (CharacterCodingException e) {
      throw new CheckpointException(file, null, "header is not valid UTF-8", e);
    }
    if (!text.startsWith("{")) {
      throw new CheckpointException(
          file, null, "header must start with '{' (a JSON object), found: " + preview(text));
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new CheckpointException(
          file, null, "header is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new CheckpointException(file, null, "header must be a JSON object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    List<TensorInfo> infos = new ArrayList<>();
    long dataStart = 8 + headerLength;
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (METADATA_KEY.equals(e.getKey())) {
        readMetadata(file, e.getValue(), metadata);
      } else {
        infos.add(readTensor(file, e.getKey(), e.getValue(), dataStart));
      }
    }
    // Stable sort: zero-length tensors sharing an offset keep their header order.
    infos.sort(
        Comparator.comparingLong(TensorInfo::fileOffset)
            .thenComparingLong(t -> t.fileOffset() + t.byteLength()));
    long expected = 0;
    Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    for (TensorInfo t : infos) {
      long begin = t.fileOffset() - dataStart;
      if (begin != expected) {
        String what =
            begin < expected
                ? "overlaps the previous tensor (which ends at " + expected + ")"
                : "leaves a hole after the previous tensor (which ends at " + expected + ")";
        throw new CheckpointException(
            file,
            t.name(),
            "data_offsets begin "
                + begin
                + " "
                + what
                + "; tensors must tile the data section without gaps or overlaps");
      }
      expected = begin + t.byteLength();
      if (expected > dataSize) {
        throw new CheckpointException(
            file,
            t.name(),
            "data_offsets end "
                + expected
                + " is past the end of the data section ("
                + dataSize
                + " bytes)");
      }
      tensors.put(t.name(), t);
    }
    if (expected != dataSize) {
      throw new CheckpointException(
          file,
          null,
          "tensors cover "
              + expected
              + " bytes but the data section holds "
              + dataSize
              + " (trailing bytes after the last tensor)");
    }
    return new SafetensorsHeader(
        headerLength, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
  }

  private static void readMetadata(Path file, JsonNode node, Map<String, String> out) {
    if (node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      throw new CheckpointException(
          file, METADATA_KEY, "__metadata__ must be an object of strings, found " + kind(node));
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isTextual()) {
        throw new CheckpointException(
            file,
            METADATA_KEY,
            "__metadata__ value of '"
                + e.getKey()
                + "' must be a string, found "
                + kind(e.getValue()));
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
  }

  private static TensorInfo readTensor(Path file, String name, JsonNode node, long dataStart) {
    if (!node.isObject()) {
      throw new CheckpointException(
          file,
          name,
          "tensor entry must be an object with dtype, shape, data_offsets; found " + kind(node));
    }
    JsonNode dtypeNode = node.get("dtype");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw new CheckpointException(
          file, name, "'dtype' must be a string, found " + kind(dtypeNode));
    }
    DType dtype;
    try {
      dtype = DType.fromSafetensorsName(dtypeNode.textValue());
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(file, name, e.getMessage(), e);
    }
    long[] shape = nonNegativeLongs(file, name, "shape", node.get("shape"), -1);
    long[] offsets = nonNegativeLongs(file, name, "data_offsets", node.get("data_offsets"), 2);
    if (offsets[0] > offsets[1]) {
      throw new CheckpointException(
          file, name, "data_offsets [" + offsets[0] + ", " + offsets[1] + "] has begin > end");
    }
    long bytes;
    try {
      long count = 1;
      for (long d : shape) {
        count = Math.multiplyExact(count, d);
      }
      bytes = Math.multiplyExact(count, (long) dtype.byteSize());
    } catch (ArithmeticException e) {
      throw new CheckpointException(
          file,
          name,
          "shape " + java.util.Arrays.toString(shape) + " overflows a 64-bit byte count",
          e);
    }
    if (offsets[1] - offsets[0] != bytes) {
      throw new CheckpointException(
          file,
          name,
          "shape "
              + java.util.Arrays.toString(shape)
              + " of "
              + dtype.safetensorsName()
              + " needs "
              + bytes
              + " bytes but data_offsets ["
              + offsets[0]
              + ", "
              + offsets[1]
              + "] span "
              + (offsets[1] - offsets[0]));
    }
    if (offsets[0] > Long.MAX_VALUE - dataStart) {
      throw new CheckpointException(file, name, "data_offsets begin " + offsets[0] + " overflows");
    }
    return new TensorInfo(name, dtype, shape, file, dataStart + offsets[0], bytes);
  }

  private static long[] nonNegativeLongs(
      Path file, String tensor, String key, JsonNode node, int requiredLength) {
    if (node == null || !node.isArray()) {
      throw new CheckpointException(
          file, tensor, "'" + key + "' must be an array of integers, found " + kind(node));
    }
    if (requiredLength >= 0 && node.size() != requiredLength) {
      throw new CheckpointException(
          file,
          tensor,
          "'" + key + "' must have " + requiredLength + " entries, found " + node.size());
    }
    long[] out = new long[node.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = node.get(i);
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
        throw new CheckpointException(
            file,
            tensor,
            "'"
                + key
                + "' entry "
                + i
                + " must be a non-negative 64-bit integer, found "
                + preview(v.toString()));
      }
      out[i] = v.longValue();
    }
    return out;
  }

  private static String kind(JsonNode node) {
    return node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String preview(String s) {
    return s.length() <= 40 ? "'" + s + "'" : "'" + s.substring(0, 40) + "…'";
  }
}
