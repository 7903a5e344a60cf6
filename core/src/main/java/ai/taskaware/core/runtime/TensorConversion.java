package ai.taskaware.core.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves tensors between ND4J {@link INDArray} and ORT {@link OnnxTensor} with as few copies as the
 * memory layouts allow.
 *
 * <p>INDArray → OnnxTensor: a C-ordered, contiguous, zero-offset INDArray already lies in ND4J's
 * off-heap memory exactly as ORT wants it, so a native-order direct NIO view of it is handed to
 * {@code OnnxTensor.createTensor}, which wraps direct buffers without copying (ORT Java's {@code
 * OrtUtil.prepareBuffer} copies only heap buffers; {@link OnnxTensor#ownsBuffer()} reports which
 * happened). Any other INDArray (transposed, strided slice, offset view) is first made contiguous
 * with {@code dup('c')}: one copy.
 *
 * <p>OnnxTensor → INDArray: exactly one copy from ORT's memory into a new INDArray. ORT Java's
 * public accessors ({@code getByteBuffer()}, {@code getFloatBuffer()}, …) copy into a heap buffer,
 * which would then need a second copy into off-heap memory; so the direct view ORT Java keeps
 * behind those accessors (its private {@code getBuffer()}) is used when the ORT jar is on the class
 * path, and the public copying accessor otherwise. {@link OnnxSession} avoids even that copy for
 * outputs of static shape by pinning pre-allocated INDArrays as outputs.
 *
 * <p>The NIO view does not keep ND4J's memory alive, so every OnnxTensor made here is returned in
 * an {@link ArrayBackedTensor} that holds the INDArray until the tensor is closed.
 */
final class TensorConversion {

  /** ORT Java's direct view of a tensor's memory, or null when it cannot be reached. */
  private static final MethodHandle NATIVE_VIEW = findNativeView();

  private TensorConversion() {}

  /**
   * An OnnxTensor together with the INDArray whose memory it reads or writes.
   *
   * @param tensor the ORT tensor; it aliases {@code array}'s memory
   * @param array the INDArray backing the tensor: the caller's array when it could be used as is,
   *     otherwise a contiguous copy of it
   * @param copied whether {@code array} is a copy made for ORT
   */
  record ArrayBackedTensor(OnnxTensor tensor, INDArray array, boolean copied)
      implements AutoCloseable {
    @Override
    public void close() {
      tensor.close();
    }
  }

  /** The ORT element type for an ND4J data type, or null when ORT Java cannot take it. */
  static OnnxJavaType onnxTypeOf(DataType type) {
    return switch (type) {
      case FLOAT -> OnnxJavaType.FLOAT;
      case DOUBLE -> OnnxJavaType.DOUBLE;
      case HALF -> OnnxJavaType.FLOAT16;
      case BFLOAT16 -> OnnxJavaType.BFLOAT16;
      case LONG -> OnnxJavaType.INT64;
      case INT -> OnnxJavaType.INT32;
      case SHORT -> OnnxJavaType.INT16;
      case BYTE -> OnnxJavaType.INT8;
      case UBYTE -> OnnxJavaType.UINT8;
      case BOOL -> OnnxJavaType.BOOL;
      default -> null;
    };
  }

  /** The ND4J data type for an ONNX element type, or null when there is none we support. */
  static DataType dataTypeOf(TensorInfo.OnnxTensorType type) {
    return switch (type) {
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> DataType.FLOAT;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> DataType.DOUBLE;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> DataType.HALF;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 -> DataType.BFLOAT16;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> DataType.LONG;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> DataType.INT;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> DataType.SHORT;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> DataType.BYTE;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> DataType.UBYTE;
      case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> DataType.BOOL;
      default -> null;
    };
  }

  /**
   * True when ORT can read {@code array}'s memory in place: C-contiguous strides, zero offset and a
   * non-empty buffer.
   */
  static boolean isDirectlyUsable(INDArray array) {
    if (array.isEmpty() || array.offset() != 0 || array.data() == null) {
      return false;
    }
    long[] shape = array.shape();
    long[] stride = array.stride();
    long expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      // A dimension of size 1 is never stepped over, so its stride does not matter.
      if (shape[i] != 1 && stride[i] != expected) {
        return false;
      }
      expected *= shape[i];
    }
    return true;
  }

  /**
   * Wraps {@code array} as an ORT tensor of the same shape and element type, sharing its memory
   * when {@link #isDirectlyUsable} and otherwise sharing a contiguous copy.
   *
   * @throws IllegalArgumentException when the array's data type has no ORT equivalent
   * @throws OrtException when ORT refuses the tensor
   */
  static ArrayBackedTensor toOnnxTensor(OrtEnvironment env, INDArray array) throws OrtException {
    OnnxJavaType type = onnxTypeOf(array.dataType());
    if (type == null) {
      throw new IllegalArgumentException(
          "data type "
              + array.dataType()
              + " has no ONNX Runtime equivalent; supported: FLOAT, DOUBLE, HALF, BFLOAT16, LONG,"
              + " INT, SHORT, BYTE, UBYTE, BOOL");
    }
    long[] shape = array.shape();
    if (array.length() == 0) {
      ByteBuffer none = ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder());
      return new ArrayBackedTensor(wrap(env, none, shape, type), array, false);
    }
    INDArray source = isDirectlyUsable(array) ? array : array.dup('c');
    OnnxTensor tensor = wrap(env, byteView(source), shape, type);
    return new ArrayBackedTensor(tensor, source, source != array);
  }

  /**
   * Allocates a C-ordered INDArray of {@code dataType} and {@code shape} and wraps it as an ORT
   * tensor, for ORT to write a pinned output into.
   */
  static ArrayBackedTensor allocate(OrtEnvironment env, DataType dataType, long[] shape)
      throws OrtException {
    INDArray array = Nd4j.createUninitialized(dataType, shape, 'c');
    return toOnnxTensor(env, array);
  }

  /**
   * Copies an ORT tensor into a new C-ordered INDArray of the matching data type: one copy when
   * ORT's memory can be viewed directly, two otherwise.
   *
   * @throws IllegalArgumentException when the tensor's element type has no ND4J equivalent or the
   *     tensor has more than {@code Integer.MAX_VALUE} bytes
   */
  static INDArray toINDArray(OnnxTensor tensor) {
    return copyOut(tensor, true);
  }

  /**
   * {@link #toINDArray} with the choice of source view made explicit, so both paths can be tested.
   *
   * @param preferNativeView whether to read ORT's memory through its direct view when reachable
   */
  static INDArray copyOut(OnnxTensor tensor, boolean preferNativeView) {
    TensorInfo info = tensor.getInfo();
    DataType dataType = dataTypeOf(info.onnxType);
    if (dataType == null) {
      throw new IllegalArgumentException(
          "ONNX element type "
              + info.onnxType
              + " has no ND4J equivalent; supported: float, double, float16, bfloat16, int64,"
              + " int32, int16, int8, uint8, bool");
    }
    long[] shape = info.getShape();
    INDArray out = Nd4j.createUninitialized(dataType, shape, 'c');
    if (info.getNumElements() == 0) {
      return out;
    }
    long bytes = info.getNumElements() * dataType.width();
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "tensor of shape "
              + Arrays.toString(shape)
              + " has "
              + bytes
              + " bytes, more than one NIO buffer can address");
    }
    ByteBuffer source = preferNativeView ? nativeView(tensor) : null;
    if (source == null) {
      source = tensor.getByteBuffer();
    }
    source.rewind();
    byteView(out).put(source);
    return out;
  }

  /** Whether ORT's memory is read in place by {@link #toINDArray} (false: one extra heap copy). */
  static boolean hasNativeView() {
    return NATIVE_VIEW != null;
  }

  /** A native-order byte view of exactly the elements of a directly usable INDArray. */
  static ByteBuffer byteView(INDArray array) {
    long bytes = array.length() * array.dataType().width();
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "array of shape "
              + Arrays.toString(array.shape())
              + " has "
              + bytes
              + " bytes, more than one NIO buffer can address; split it or feed it as an"
              + " initializer");
    }
    ByteBuffer whole = array.data().asNio().duplicate();
    whole.position(0).limit((int) bytes);
    return whole.slice().order(ByteOrder.nativeOrder());
  }

  private static OnnxTensor wrap(
      OrtEnvironment env, ByteBuffer bytes, long[] shape, OnnxJavaType type) throws OrtException {
    // Typed views keep ORT's element count right: ORT sizes a buffer by remaining() * type size.
    return switch (type) {
      case FLOAT -> OnnxTensor.createTensor(env, bytes.asFloatBuffer(), shape);
      case DOUBLE -> OnnxTensor.createTensor(env, bytes.asDoubleBuffer(), shape);
      case INT64 -> OnnxTensor.createTensor(env, bytes.asLongBuffer(), shape);
      case INT32 -> OnnxTensor.createTensor(env, bytes.asIntBuffer(), shape);
      case INT16, FLOAT16, BFLOAT16 ->
          OnnxTensor.createTensor(env, bytes.asShortBuffer(), shape, type);
      case INT8, UINT8, BOOL -> OnnxTensor.createTensor(env, bytes, shape, type);
      default -> throw new IllegalArgumentException("no buffer layout for ORT type " + type);
    };
  }

  private static ByteBuffer nativeView(OnnxTensor tensor) {
    if (NATIVE_VIEW == null) {
      return null;
    }
    try {
      return ((ByteBuffer) NATIVE_VIEW.invokeExact(tensor)).order(ByteOrder.nativeOrder());
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      // getBuffer() declares no checked exceptions; fall back to the public copying accessor.
      return null;
    }
  }

  private static MethodHandle findNativeView() {
    try {
      MethodHandles.Lookup lookup =
          MethodHandles.privateLookupIn(OnnxTensor.class, MethodHandles.lookup());
      return lookup.findVirtual(
          OnnxTensor.class, "getBuffer", MethodType.methodType(ByteBuffer.class));
    } catch (ReflectiveOperationException | IllegalAccessError | SecurityException e) {
      // A future ORT Java or a module-path deployment may hide it: the public path still works.
      return null;
    }
  }
}
