package ai.taskaware.core.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Copies between safetensors bytes (little-endian, C order) and ND4J arrays. */
final class NdArrays {

  private NdArrays() {}

  /** ND4J's type for each safetensors dtype (the FLOAT16/INT64/… names of M2.1). */
  private static final Map<DType, DataType> ND_TYPES = new EnumMap<>(DType.class);

  /** The reverse of {@link #ND_TYPES}. */
  private static final Map<DataType, DType> DTYPES = new EnumMap<>(DataType.class);

  static {
    ND_TYPES.put(DType.F64, DataType.DOUBLE);
    ND_TYPES.put(DType.F32, DataType.FLOAT);
    ND_TYPES.put(DType.F16, DataType.FLOAT16);
    ND_TYPES.put(DType.BF16, DataType.BFLOAT16);
    ND_TYPES.put(DType.I64, DataType.INT64);
    ND_TYPES.put(DType.I32, DataType.INT32);
    ND_TYPES.put(DType.I16, DataType.INT16);
    ND_TYPES.put(DType.I8, DataType.INT8);
    ND_TYPES.put(DType.U8, DataType.UINT8);
    ND_TYPES.put(DType.BOOL, DataType.BOOL);
    ND_TYPES.forEach((d, t) -> DTYPES.put(t, d));
  }

  static DataType ndType(DType d) {
    return ND_TYPES.get(d);
  }

  /** The safetensors dtype of an ND4J type, or null when safetensors has none. */
  static DType dtypeOf(DataType t) {
    return DTYPES.get(t);
  }

  /** A C-order array of the tensor's own type holding a copy of {@code bytes}. */
  static INDArray copyOf(TensorInfo t, ByteBuffer bytes) {
    INDArray out = Nd4j.createUninitialized(ndType(t.dtype()), t.shape(), 'c');
    if (t.byteLength() > 0) {
      nativeBytes(out).put(bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN));
    }
    return out;
  }

  /** A FLOAT array with every element of {@code bytes} converted exactly where float allows. */
  static INDArray toFloat(TensorInfo t, ByteBuffer bytes) {
    INDArray out = Nd4j.createUninitialized(DataType.FLOAT, t.shape(), 'c');
    long n = t.elementCount();
    if (n == 0) {
      return out;
    }
    ByteBuffer src = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer dst = nativeBytes(out);
    int count = Math.toIntExact(n);
    switch (t.dtype()) {
      case F64 -> {
        for (int i = 0; i < count; i++) {
          dst.putFloat(4 * i, (float) src.getDouble(8 * i));
        }
      }
      case F32 -> dst.put(src);
      case F16 -> {
        for (int i = 0; i < count; i++) {
          dst.putFloat(4 * i, HalfFloats.halfToFloat(src.getShort(2 * i)));
        }
      }
      case BF16 -> {
        for (int i = 0; i < count; i++) {
          dst.putFloat(4 * i, HalfFloats.bfloat16ToFloat(src.getShort(2 * i)));
        }
      }
      case I64 -> {
        for (int i = 0; i < count; i++) {
          dst.putFloat(4 * i, (float) src.getLong(8 * i));
        }
      }
      case I32 -> {
        for (int i = 0; i < count; i++) {
          dst.putFloat(4 * i, (float) src.getInt(4 * i));
        }
      }
      case I16 -> {
        for (int i = 0; i < count; i++) {
          dst.putFloat(4 * i, (float) src.getShort(2 * i));
        }
      }
      case I8 -> {
        for (int i = 0; i < count; i++) {
          dst.putFloat(4 * i, (float) src.get(i));
        }
      }
      case U8 -> {
        for (int i = 0; i < count; i++) {
          dst.putFloat(4 * i, (float) Byte.toUnsignedInt(src.get(i)));
        }
      }
      case BOOL -> {
        for (int i = 0; i < count; i++) {
          dst.putFloat(4 * i, src.get(i) != 0 ? 1f : 0f);
        }
      }
    }
    return out;
  }

  /** {@code a} itself when it is C-order and owns its whole buffer from offset 0, else a copy. */
  static INDArray contiguous(INDArray a) {
    boolean direct = !a.isView() && a.ordering() == 'c' && (a.isEmpty() || a.data().offset() == 0);
    return direct ? a : a.dup('c');
  }

  /**
   * The elements of a {@link #contiguous} array as little-endian bytes, a view of ND4J's off-heap
   * buffer: the caller must keep {@code c} reachable while using them.
   */
  static ByteBuffer bytesOf(INDArray c) {
    long n = c.length();
    if (n == 0 || c.isEmpty()) {
      return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
    }
    ByteBuffer all = nativeBytes(c);
    return all.limit(Math.toIntExact(n * c.dataType().width()))
        .slice()
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  /** ND4J's native buffer of {@code a} positioned at 0; native order on x86 is little-endian. */
  private static ByteBuffer nativeBytes(INDArray a) {
    ByteBuffer b = a.data().asNio();
    b.clear();
    return b.order(ByteOrder.nativeOrder());
  }
}
