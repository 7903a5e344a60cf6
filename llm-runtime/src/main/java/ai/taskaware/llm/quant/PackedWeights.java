package ai.taskaware.llm.quant;

import ai.taskaware.core.checkpoint.CheckpointException;
import ai.taskaware.core.checkpoint.DType;
import ai.taskaware.core.checkpoint.TensorInfo;
import ai.taskaware.core.checkpoint.TensorSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Tensors made at load time (quantized weights, their scales) held on the Java heap and served
 * through core's {@link TensorSource}, so {@link ai.taskaware.core.graph.GraphBuilder#weight} emits
 * them like checkpoint weights. Only uint8 and float32 tensors are held.
 */
public final class PackedWeights implements TensorSource {

  private static final Path ORIGIN = Path.of("load-time-quantized-weights");

  private final Map<String, TensorInfo> infos = new LinkedHashMap<>();
  private final Map<String, ByteBuffer> data = new LinkedHashMap<>();

  /** An empty set. */
  public PackedWeights() {}

  /** Adds the {@code B} (uint8) and {@code scales} (float32) tensors of {@code q}. */
  public void add(String packedName, String scalesName, Int4Blocks q) {
    put(
        packedName,
        DType.U8,
        new long[] {q.rows(), q.blocksPerRow(), q.blockSize() / 2},
        ByteBuffer.wrap(q.packed()));
    ByteBuffer scales = ByteBuffer.allocate(4 * q.scales().length).order(ByteOrder.LITTLE_ENDIAN);
    scales.asFloatBuffer().put(q.scales());
    put(scalesName, DType.F32, new long[] {q.scales().length}, scales);
  }

  private void put(String name, DType dtype, long[] shape, ByteBuffer bytes) {
    if (infos.containsKey(name)) {
      throw new IllegalArgumentException("packed tensor " + name + " was added twice");
    }
    infos.put(name, new TensorInfo(name, dtype, shape, ORIGIN, 0, bytes.capacity()));
    data.put(name, bytes.order(ByteOrder.LITTLE_ENDIAN));
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

  /** Nothing to release: the tensors live on the heap. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "PackedWeights" + Arrays.toString(infos.keySet().toArray());
  }
}
