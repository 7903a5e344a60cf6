package ai.taskaware.core.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes safetensors files from named tensors, in insertion order, with an optional {@code
 * __metadata__} map. Like the reference writer, the JSON header is padded with spaces to a multiple
 * of 8 bytes so the data section starts 8-byte aligned. Unlike it, tensors are not reordered, so
 * callers control the layout (and keep every tensor aligned by adding wide dtypes first).
 *
 * <p>Also writes sharded checkpoints: numbered shard files plus the {@code
 * <base>.safetensors.index.json} that Hugging Face and diffusers read.
 *
 * <p>Tensors added as {@link Contents} are produced while the file is written, so a checkpoint
 * bigger than memory (a generated 7B model) can be written without holding its bytes.
 */
public final class SafetensorsWriter {

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

  /** A tensor's bytes, produced when the file is written. */
  @FunctionalInterface
  public interface Contents {
    /**
     * Writes the tensor's little-endian C-order bytes, exactly as many as its dtype and shape need,
     * to {@code out}.
     */
    void writeTo(WritableByteChannel out) throws IOException;
  }

  /**
   * One tensor to write. {@code owner} keeps the ND4J array whose off-heap memory the contents view
   * reachable until the file is written.
   */
  private record Entry(
      String name, DType dtype, long[] shape, long byteLength, Contents contents, Object owner) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();

  /** An empty writer. */
  public SafetensorsWriter() {}

  /**
   * Adds an array under {@code name}, stored in its own type (DOUBLE → F64, HALF → F16, BFLOAT16 →
   * BF16, UBYTE → U8, BOOL → BOOL, …). The bytes are taken when {@link #write} runs.
   *
   * @throws IllegalArgumentException when the name is taken or the type has no safetensors dtype
   */
  public SafetensorsWriter add(String name, INDArray array) {
    DType dtype = NdArrays.dtypeOf(array.dataType());
    if (dtype == null) {
      throw new IllegalArgumentException(
          "tensor '" + name + "': ND4J type " + array.dataType() + " has no safetensors dtype");
    }
    INDArray c = NdArrays.contiguous(array);
    ByteBuffer bytes = NdArrays.bytesOf(c);
    return put(new Entry(name, dtype, array.shape(), bytes.remaining(), of(bytes), c));
  }

  /**
   * Adds raw little-endian C-order bytes (the buffer's remaining bytes) as a tensor.
   *
   * @throws IllegalArgumentException when the name is taken, a dimension is negative, or the byte
   *     count is not {@code product(shape) * dtype.byteSize()}
   */
  public SafetensorsWriter add(String name, DType dtype, long[] shape, ByteBuffer bytes) {
    long expected = byteLength(name, dtype, shape);
    if (bytes.remaining() != expected) {
      throw new IllegalArgumentException(
          "tensor '"
              + name
              + "': shape "
              + Arrays.toString(shape)
              + " of "
              + dtype.safetensorsName()
              + " needs "
              + expected
              + " bytes, got "
              + bytes.remaining());
    }
    ByteBuffer slice = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
    return put(new Entry(name, dtype, shape.clone(), expected, of(slice), bytes));
  }

  /**
   * Adds a tensor whose bytes {@code contents} writes when the file is written; the writer holds
   * none of them. {@link #write} fails, naming the tensor, when the contents write another number
   * of bytes than {@code product(shape) * dtype.byteSize()}.
   *
   * @throws IllegalArgumentException when the name is taken or a dimension is negative
   */
  public SafetensorsWriter add(String name, DType dtype, long[] shape, Contents contents) {
    long length = byteLength(name, dtype, shape);
    return put(new Entry(name, dtype, shape.clone(), length, contents, null));
  }

  private static Contents of(ByteBuffer bytes) {
    return out -> writeFully(out, bytes.duplicate());
  }

  private static long byteLength(String name, DType dtype, long[] shape) {
    long count = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "tensor '" + name + "': negative dimension in shape " + Arrays.toString(shape));
      }
      count = Math.multiplyExact(count, d);
    }
    return Math.multiplyExact(count, (long) dtype.byteSize());
  }

  /**
   * Adds raw little-endian C-order bytes as a tensor; see {@link #add(String, DType, long[],
   * ByteBuffer)}.
   */
  public SafetensorsWriter add(String name, DType dtype, long[] shape, byte[] bytes) {
    return add(name, dtype, shape, ByteBuffer.wrap(bytes));
  }

  /** Sets one {@code __metadata__} entry. */
  public SafetensorsWriter metadata(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  private SafetensorsWriter put(Entry e) {
    if ("__metadata__".equals(e.name())) {
      throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
    }
    if (entries.putIfAbsent(e.name(), e) != null) {
      throw new IllegalArgumentException("tensor '" + e.name() + "' was already added");
    }
    return this;
  }

  /**
   * Writes every tensor to {@code file} (created or replaced).
   *
   * @throws CheckpointException naming the file when it cannot be written
   */
  public void write(Path file) {
    writeFile(file, List.copyOf(entries.values()), metadata);
  }

  /**
   * Writes a sharded checkpoint into {@code folder}: shards {@code
   * <baseName>-00001-of-0000N.safetensors}, each filled in insertion order up to {@code
   * maxShardBytes} of tensor data (a bigger tensor gets a shard of its own), and {@code
   * <baseName>.safetensors.index.json} with {@code metadata.total_size} and the {@code weight_map}.
   * The {@code __metadata__} entries go into every shard and into the index's {@code metadata}.
   *
   * @return the index file
   * @throws CheckpointException naming the file that cannot be written
   */
  public Path writeSharded(Path folder, String baseName, long maxShardBytes) {
    if (maxShardBytes <= 0) {
      throw new IllegalArgumentException("maxShardBytes must be positive, got " + maxShardBytes);
    }
    List<List<Entry>> shards = new ArrayList<>();
    List<Entry> current = new ArrayList<>();
    long currentBytes = 0;
    long total = 0;
    for (Entry e : entries.values()) {
      long size = e.byteLength();
      if (!current.isEmpty() && currentBytes + size > maxShardBytes) {
        shards.add(current);
        current = new ArrayList<>();
        currentBytes = 0;
      }
      current.add(e);
      currentBytes += size;
      total += size;
    }
    if (!current.isEmpty() || shards.isEmpty()) {
      shards.add(current);
    }
    ObjectNode index = JSON.createObjectNode();
    ObjectNode meta = index.putObject("metadata");
    metadata.forEach(meta::put);
    meta.put("total_size", total);
    ObjectNode weightMap = index.putObject("weight_map");
    for (int i = 0; i < shards.size(); i++) {
      String shardName =
          String.format("%s-%05d-of-%05d.safetensors", baseName, i + 1, shards.size());
      writeFile(folder.resolve(shardName), shards.get(i), metadata);
      for (Entry e : shards.get(i)) {
        weightMap.put(e.name(), shardName);
      }
    }
    Path indexFile = folder.resolve(baseName + ".safetensors.index.json");
    try {
      Files.write(indexFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
    } catch (IOException e) {
      throw new CheckpointException(indexFile, null, "cannot write: " + e.getMessage(), e);
    }
    return indexFile;
  }

  private static void writeFile(Path file, List<Entry> tensors, Map<String, String> metadata) {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Entry e : tensors) {
      ObjectNode t = header.putObject(e.name());
      t.put("dtype", e.dtype().safetensorsName());
      ArrayNode shape = t.putArray("shape");
      for (long d : e.shape()) {
        shape.add(d);
      }
      long end = offset + e.byteLength();
      t.putArray("data_offsets").add(offset).add(end);
      offset = end;
    }
    try {
      byte[] json = JSON.writeValueAsBytes(header);
      int padded = (json.length + 7) / 8 * 8;
      ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
      head.putLong(padded).put(json);
      while (head.hasRemaining()) {
        head.put((byte) ' ');
      }
      head.flip();
      try (FileChannel out =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        writeFully(out, head);
        for (Entry e : tensors) {
          long start = out.position();
          e.contents().writeTo(out);
          long written = out.position() - start;
          if (written != e.byteLength()) {
            throw new CheckpointException(
                file,
                e.name(),
                "tensor contents wrote " + written + " bytes, expected " + e.byteLength());
          }
        }
      }
    } catch (IOException e) {
      throw new CheckpointException(file, null, "cannot write: " + e.getMessage(), e);
    }
  }

  private static void writeFully(WritableByteChannel out, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      out.write(b);
    }
  }
}
