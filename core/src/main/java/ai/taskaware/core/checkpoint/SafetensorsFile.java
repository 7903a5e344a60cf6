package ai.taskaware.core.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One memory-mapped safetensors file. The header is read and validated eagerly by {@link #open};
 * tensor bytes are mapped lazily in overlapping 1 GiB windows (one every 512 MiB), so files of any
 * size work and any range of up to 512 MiB is served from a single window; larger ranges get their
 * own mapping. Instances are safe for concurrent reads.
 */
public final class SafetensorsFile implements TensorSource {

  /** Distance between window starts; every range this long or shorter fits in one window. */
  private static final long WINDOW_STEP = 1L << 29;

  private static final long WINDOW_SIZE = 2 * WINDOW_STEP;

  private static final ByteBuffer EMPTY =
      ByteBuffer.allocate(0).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);

  private final Path file;
  private final FileChannel channel;
  private final long fileSize;
  private final SafetensorsHeader header;
  private final Map<Long, MappedByteBuffer> windows = new HashMap<>();
  private volatile boolean closed;

  private SafetensorsFile(Path file, FileChannel channel, long fileSize, SafetensorsHeader header) {
    this.file = file;
    this.channel = channel;
    this.fileSize = fileSize;
    this.header = header;
  }

  /**
   * Opens and validates {@code file}.
   *
   * @throws CheckpointException naming the file (and tensor) when it is missing, unreadable or not
   *     a well-formed safetensors file
   */
  public static SafetensorsFile open(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new CheckpointException(
          file,
          null,
          Files.exists(file)
              ? "not a regular file (expected a .safetensors file)"
              : "safetensors file does not exist");
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new CheckpointException(file, null, "safetensors file does not exist", e);
    } catch (IOException e) {
      throw new CheckpointException(file, null, "cannot open: " + e.getMessage(), e);
    }
    try {
      long size = channel.size();
      SafetensorsHeader header = SafetensorsHeader.read(file, channel);
      return new SafetensorsFile(file, channel, size, header);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new CheckpointException(file, null, "cannot read header: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // The open already failed with a more useful error.
    }
  }

  /** The file this source reads. */
  public Path file() {
    return file;
  }

  /** Size of the whole file in bytes. */
  public long fileSize() {
    return fileSize;
  }

  /** Length of the JSON header in bytes (the data section starts at {@code 8 + headerLength}). */
  public long headerLength() {
    return header.headerLength();
  }

  @Override
  public Set<String> names() {
    return header.tensors().keySet();
  }

  @Override
  public TensorInfo info(String name) {
    TensorInfo t = header.tensors().get(name);
    if (t == null) {
      throw new CheckpointException(
          file, name, "no such tensor (the file holds " + names().size() + " tensors)");
    }
    return t;
  }

  @Override
  public ByteBuffer buffer(String name) {
    TensorInfo t = info(name);
    if (t.byteLength() > Integer.MAX_VALUE) {
      throw new CheckpointException(
          file,
          name,
          "tensor is "
              + t.byteLength()
              + " bytes, more than a ByteBuffer can hold (2 GiB); stream it with chunk(name,"
              + " offset, length)");
    }
    return map(t.fileOffset(), (int) t.byteLength(), name);
  }

  @Override
  public ByteBuffer chunk(String name, long offset, int length) {
    TensorInfo t = info(name);
    if (offset < 0 || length < 0 || offset > t.byteLength() - length) {
      throw new CheckpointException(
          file,
          name,
          "chunk ["
              + offset
              + ", +"
              + length
              + ") is outside the tensor's "
              + t.byteLength()
              + " bytes");
    }
    return map(t.fileOffset() + offset, length, name);
  }

  private ByteBuffer map(long position, int length, String tensor) {
    if (closed) {
      throw new CheckpointException(file, tensor, "file was closed");
    }
    if (length == 0) {
      return EMPTY.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }
    try {
      if (length <= WINDOW_STEP) {
        long start = (position / WINDOW_STEP) * WINDOW_STEP;
        MappedByteBuffer window = window(start);
        return window
            .slice((int) (position - start), length)
            .asReadOnlyBuffer()
            .order(ByteOrder.LITTLE_ENDIAN);
      }
      return channel
          .map(FileChannel.MapMode.READ_ONLY, position, length)
          .asReadOnlyBuffer()
          .order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new CheckpointException(file, tensor, "cannot map bytes: " + e.getMessage(), e);
    }
  }

  private synchronized MappedByteBuffer window(long start) throws IOException {
    MappedByteBuffer w = windows.get(start);
    if (w == null) {
      w =
          channel.map(
              FileChannel.MapMode.READ_ONLY, start, Math.min(WINDOW_SIZE, fileSize - start));
      windows.put(start, w);
    }
    return w;
  }

  @Override
  public INDArray array(String name) {
    TensorInfo t = info(name);
    return NdArrays.copyOf(t, buffer(name));
  }

  @Override
  public INDArray floatArray(String name) {
    TensorInfo t = info(name);
    if (t.dtype() == DType.F32) {
      return array(name);
    }
    if (t.elementCount() > Integer.MAX_VALUE / 4) {
      throw new CheckpointException(
          file,
          name,
          "tensor has "
              + t.elementCount()
              + " elements, more than one float32 buffer can hold (2 GiB); stream it with"
              + " chunk(name, offset, length)");
    }
    return NdArrays.toFloat(t, buffer(name));
  }

  @Override
  public Map<String, String> metadata() {
    return header.metadata();
  }

  /**
   * Closes the channel and forgets the windows. The JDK offers no explicit unmap, so the mappings
   * are released when the buffers handed out become unreachable.
   */
  @Override
  public synchronized void close() {
    closed = true;
    windows.clear();
    closeQuietly(channel);
  }

  @Override
  public String toString() {
    return "SafetensorsFile[" + file + ", " + names().size() + " tensors]";
  }
}
