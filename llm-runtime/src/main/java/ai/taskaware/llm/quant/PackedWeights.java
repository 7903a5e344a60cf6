package ai.taskaware.llm.quant;

import ai.taskaware.core.checkpoint.CheckpointException;
import ai.taskaware.core.checkpoint.DType;
import ai.taskaware.core.checkpoint.TensorInfo;
import ai.taskaware.core.checkpoint.TensorSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Tensors made at load time (quantized weights, their scales) served through core's {@link
 * TensorSource}, so {@link ai.taskaware.core.graph.GraphBuilder#weight} emits them like checkpoint
 * weights. Only uint8 and float32 tensors are held.
 *
 * <p>They are held on the Java heap, or, for models whose packed weights would not fit the heap (a
 * 7B model's are 4 GB), appended to a scratch file as each tensor is added and served from a
 * read-only memory map of it: the heap then holds one tensor at a time, and the mapped pages are
 * the kernel's to drop. {@link #close} deletes the scratch file.
 */
public final class PackedWeights implements TensorSource {

  private static final Path ORIGIN = Path.of("load-time-quantized-weights");

  private final Map<String, TensorInfo> infos = new LinkedHashMap<>();
  private final Map<String, ByteBuffer> data = new LinkedHashMap<>();
  private final Path scratchFolder;
  private Path scratchFile;
  private FileChannel scratch;

  /** An empty set held on the heap. */
  public PackedWeights() {
    this(null);
  }

  /**
   * An empty set held in a scratch file created in {@code scratchFolder} when the first tensor is
   * added, or on the heap when {@code scratchFolder} is null.
   */
  public PackedWeights(Path scratchFolder) {
    this.scratchFolder = scratchFolder;
  }

  /** Adds the {@code B} (uint8) and {@code scales} (float32) tensors of {@code q}. */
  public void add(String packedName, String scalesName, BlockQuantized q) {
    put(
        packedName,
        DType.U8,
        new long[] {q.rows(), q.blocksPerRow(), q.blobSize()},
        ByteBuffer.wrap(q.packed()));
    ByteBuffer scales = ByteBuffer.allocate(4 * q.scales().length).order(ByteOrder.LITTLE_ENDIAN);
    scales.asFloatBuffer().put(q.scales());
    put(scalesName, DType.F32, new long[] {q.scales().length}, scales);
  }

  private void put(String name, DType dtype, long[] shape, ByteBuffer bytes) {
    if (infos.containsKey(name)) {
      throw new IllegalArgumentException("packed tensor " + name + " was added twice");
    }
    Path origin = scratchFolder == null ? ORIGIN : scratchFile();
    long offset = 0;
    ByteBuffer held = bytes;
    if (scratchFolder != null) {
      try {
        offset = scratch.size();
        ByteBuffer b = bytes.duplicate().position(0);
        while (b.hasRemaining()) {
          scratch.write(b, offset + b.position());
        }
        held = scratch.map(FileChannel.MapMode.READ_ONLY, offset, bytes.capacity());
      } catch (IOException e) {
        throw new CheckpointException(
            origin, name, "cannot write the packed tensor to scratch: " + e.getMessage(), e);
      }
    }
    infos.put(name, new TensorInfo(name, dtype, shape, origin, offset, bytes.capacity()));
    data.put(name, held.order(ByteOrder.LITTLE_ENDIAN));
  }

  private Path scratchFile() {
    if (scratch == null) {
      try {
        Files.createDirectories(scratchFolder);
        scratchFile = Files.createTempFile(scratchFolder, "packed-weights-", ".bin");
        scratch =
            FileChannel.open(
                scratchFile,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE);
      } catch (IOException e) {
        throw new CheckpointException(
            scratchFolder, null, "cannot create a scratch file for packed weights", e);
      }
    }
    return scratchFile;
  }

  /** Bytes held by all tensors. */
  public long byteLength() {
    return infos.values().stream().mapToLong(TensorInfo::byteLength).sum();
  }

  @Override
  public Set<String> names() {
    return infos.keySet();
  }

  @Override
  public TensorInfo info(String name) {
    TensorInfo info = infos.get(name);
    if (info == null) {
      throw new CheckpointException(ORIGIN, name, "no such packed tensor; have " + infos.keySet());
    }
    return info;
  }

  @Override
  public ByteBuffer buffer(String name) {
    info(name);
    return data.get(name)
        .duplicate()
        .order(ByteOrder.LITTLE_ENDIAN)
        .asReadOnlyBuffer()
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public ByteBuffer chunk(String name, long offset, int length) {
    ByteBuffer b = buffer(name);
    if (offset < 0 || offset + length > b.capacity()) {
      throw new CheckpointException(
          ORIGIN,
          name,
          "chunk [" + offset + ", " + (offset + length) + ") outside " + b.capacity() + " bytes");
    }
    return b.position((int) offset)
        .limit((int) offset + length)
        .slice()
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public INDArray array(String name) {
    TensorInfo info = info(name);
    ByteBuffer b = buffer(name);
    if (info.dtype() == DType.F32) {
      float[] f = new float[(int) info.elementCount()];
      b.asFloatBuffer().get(f);
      return Nd4j.createFromArray(f).reshape(info.shape());
    }
    int[] codes = new int[(int) info.elementCount()];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = b.get(i) & 0xFF;
    }
    return Nd4j.createFromArray(codes).castTo(DataType.UBYTE).reshape(info.shape());
  }

  @Override
  public INDArray floatArray(String name) {
    return array(name).castTo(DataType.FLOAT);
  }

  @Override
  public Map<String, String> metadata() {
    return Map.of("format", "com.microsoft:MatMulNBits");
  }

  /**
   * Deletes the scratch file, if any; buffers already handed out stay readable until they are
   * collected.
   */
  @Override
  public void close() {
    if (scratch != null) {
      try {
        scratch.close();
      } catch (IOException e) {
        throw new CheckpointException(scratchFile, null, "cannot delete the scratch file", e);
      } finally {
        scratch = null;
      }
    }
  }

  @Override
  public String toString() {
    return "PackedWeights" + Arrays.toString(infos.keySet().toArray());
  }
}
