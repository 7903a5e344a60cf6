package ai.taskaware.core.graph;

import ai.taskaware.core.checkpoint.CheckpointException;
import ai.taskaware.core.checkpoint.DType;
import ai.taskaware.core.checkpoint.TensorInfo;
import ai.taskaware.core.checkpoint.TensorSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A test {@link TensorSource}: tensors laid end to end in one temp file, memory-mapped read-write
 * so tests can prove the graph aliases (does not copy) the mapped bytes.
 */
final class MappedTensorSource implements TensorSource {

  private final Path file;
  private final MappedByteBuffer map;
  private final Map<String, TensorInfo> infos;

  private MappedTensorSource(Path file, MappedByteBuffer map, Map<String, TensorInfo> infos) {
    this.file = file;
    this.map = map;
    this.infos = infos;
  }

  /** A tensor to write: raw little-endian bytes of {@code dtype}. */
  record Entry(String name, DType dtype, long[] shape, byte[] bytes) {}

  static Entry f32(String name, float[] data, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(data);
    return new Entry(name, DType.F32, shape, b.array());
  }

  static Entry half(String name, DType dtype, float[] data, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(2 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : data) {
      b.putShort(dtype == DType.F16 ? HalfPrecision.floatToFp16(f) : HalfPrecision.floatToBf16(f));
    }
    return new Entry(name, dtype, shape, b.array());
  }

  static MappedTensorSource write(Path file, Entry... entries) {
    try {
      Map<String, TensorInfo> infos = new LinkedHashMap<>();
      long offset = 0;
      try (var out = Files.newOutputStream(file)) {
        for (Entry e : entries) {
          out.write(e.bytes());
          infos.put(
              e.name(),
              new TensorInfo(e.name(), e.dtype(), e.shape(), file, offset, e.bytes().length));
          offset += e.bytes().length;
        }
      }
      try (FileChannel ch =
          FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, offset);
        return new MappedTensorSource(file, map, infos);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The writable mapping (tests only). */
  MappedByteBuffer mapping() {
    return map;
  }

  @Override
  public Set<String> names() {
    return infos.keySet();
  }

  @Override
  public TensorInfo info(String name) {
    TensorInfo info = infos.get(name);
    if (info == null) {
      throw new CheckpointException(file, name, "no such tensor");
    }
    return info;
  }

  @Override
  public ByteBuffer buffer(String name) {
    TensorInfo info = info(name);
    return chunk(name, 0, (int) info.byteLength());
  }

  @Override
  public ByteBuffer chunk(String name, long offset, int length) {
    TensorInfo info = info(name);
    return map.duplicate()
        .position((int) (info.fileOffset() + offset))
        .limit((int) (info.fileOffset() + offset + length))
        .slice()
        .asReadOnlyBuffer()
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public INDArray array(String name) {
    return floatArray(name);
  }

  @Override
  public INDArray floatArray(String name) {
    TensorInfo info = info(name);
    ByteBuffer b = buffer(name);
    float[] f = new float[(int) info.elementCount()];
    for (int i = 0; i < f.length; i++) {
      f[i] =
          switch (info.dtype()) {
            case F32 -> b.getFloat(4 * i);
            case F16 -> HalfPrecision.fp16ToFloat(b.getShort(2 * i));
            case BF16 -> HalfPrecision.bf16ToFloat(b.getShort(2 * i));
            default -> throw new CheckpointException(file, name, "test source reads floats only");
          };
    }
    return Nd4j.create(f, info.shape(), 'c');
  }

  @Override
  public Map<String, String> metadata() {
    return Map.of();
  }

  @Override
  public void close() {}
}
