package ai.taskaware.core.checkpoint;

/** Exact widening of IEEE binary16 and bfloat16 bit patterns to float (Java 17 has neither). */
final class HalfFloats {

  private HalfFloats() {}

  /** bfloat16 is the top half of a float32, so widening is a shift. */
  static float bfloat16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  /** binary16 → float32; every binary16 value (incl. subnormals, ±inf, NaN payloads) is exact. */
  static float halfToFloat(short bits) {
    int h = bits & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1f;
    int mantissa = h & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      // Subnormal (or zero): mantissa · 2^-24, exact because mantissa has at most 10 bits.
      float magnitude = mantissa * 0x1p-24f;
      return sign != 0 ? -magnitude : magnitude;
    }
    // Rebias the exponent from 15 to 127.
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }
}
