package ai.taskaware.core.checkpoint;

import java.util.Locale;

/** Element types of safetensors files, with their on-disk names and sizes. */
public enum DType {
  F64(8),
  F32(4),
  F16(2),
  BF16(2),
  I64(8),
  I32(4),
  I16(2),
  I8(1),
  U8(1),
  BOOL(1);

  private final int byteSize;

  DType(int byteSize) {
    this.byteSize = byteSize;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** True for F64, F32, F16 and BF16. */
  public boolean isFloatingPoint() {
    return this == F64 || this == F32 || this == F16 || this == BF16;
  }

  /** The dtype string safetensors headers use ({@code "F32"}, {@code "BF16"}, …). */
  public String safetensorsName() {
    return name();
  }

  /**
   * Parses a safetensors dtype string.
   *
   * @throws IllegalArgumentException naming the accepted values when {@code name} is not one of
   *     them
   */
  public static DType fromSafetensorsName(String name) {
    for (DType d : values()) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unknown safetensors dtype '"
            + name
            + "', expected one of F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
