package ai.taskaware.core.graph;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.taskaware.core.checkpoint.DType;

/** Element type mapping between {@link DType} and ONNX. */
final class OnnxTypes {

  private OnnxTypes() {}

  static DataType toOnnx(DType d) {
    return switch (d) {
      case F64 -> DataType.DOUBLE;
      case F32 -> DataType.FLOAT;
      case F16 -> DataType.FLOAT16;
      case BF16 -> DataType.BFLOAT16;
      case I64 -> DataType.INT64;
      case I32 -> DataType.INT32;
      case I16 -> DataType.INT16;
      case I8 -> DataType.INT8;
      case U8 -> DataType.UINT8;
      case BOOL -> DataType.BOOL;
    };
  }

  /** Null when ONNX's type has no {@link DType} counterpart. */
  static DType fromOnnx(int onnxType) {
    DataType t = DataType.forNumber(onnxType);
    if (t == null) {
      return null;
    }
    return switch (t) {
      case DOUBLE -> DType.F64;
      case FLOAT -> DType.F32;
      case FLOAT16 -> DType.F16;
      case BFLOAT16 -> DType.BF16;
      case INT64 -> DType.I64;
      case INT32 -> DType.I32;
      case INT16 -> DType.I16;
      case INT8 -> DType.I8;
      case UINT8 -> DType.U8;
      case BOOL -> DType.BOOL;
      default -> null;
    };
  }
}
