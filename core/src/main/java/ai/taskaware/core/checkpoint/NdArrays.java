package ai.taskaware.core.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Copies between safetensors bytes (little-endian, C order) and ND4J arrays. */
final class NdArrays {

  private NdArrays() {}

  static DataType ndType(DType d) {
    return switch (d) {
      case F64 -> DataType.DOUBLE;
      case F32 -> DataType.FLOAT;
      case F16 -> DataType.HALF;
      case BF16 -> DataType.BFLOAT16;
      case I64 -> DataType.LONG;
      case I32 -> DataType.INT;
      case I16 -> DataType.SHORT;
      case I8 -> DataType.BYTE;
      case U8 -> DataType.UBYTE;
      case BOOL -> DataType.BOOL;
    };
  }

  /** The safetensors dtype of an ND4J type, or null when safetensors has none. */
  static DType dtypeOf(DataType t) {
    return switch (t) {
      case DOUBLE -> DType.F64;
      case FLOAT -> DType.F32;
      case HALF -> DType.F16;
      case BFLOAT16 -> DType.BF16;
      case LONG -> DType.I64;
      case INT -> DType.I32;
      case SHORT -> DType.I16;
      case BYTE -> DType.I8;
      case UBYTE -> DType.U8;
      case BOOL -> DType.BOOL;
      default -> null;
    };
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
