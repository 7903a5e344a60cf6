package ai.taskaware.llm.llama;

/**
 * How the decoder's linear-layer weights (attention and MLP projections, {@code lm_head}) are held
 * in ONNX Runtime's memory. Norm weights and the embedding table are small or gathered row by row
 * and follow the {@link ai.taskaware.core.graph.WeightPolicy} in every format.
 *
 * <p>Resident bytes per linear-layer parameter: {@link #FLOAT32} 4; {@link #HALF_RESIDENT} 2 (half
 * precision checkpoints; float32 checkpoints stay 4); {@link #INT8_BLOCK256} 1.015625 (a byte of
 * code plus a float32 scale per 256); {@link #INT4_BLOCK32} 0.625 (half a byte of code plus a
 * float32 scale per 32); {@link #INT4_BLOCK128} 0.53125. Measured figures are in the {@code
 * ai.taskaware.llm.llama} package documentation.
 */
public enum LinearWeights {
  /**
   * Float32 weights. With {@link ai.taskaware.core.graph.WeightPolicy#KEEP_AND_CAST} the model file
   * stays half precision, but ORT 1.29's constant folding replaces each {@code Cast} of a constant
   * weight by a float32 copy, so the running model holds 4 bytes per parameter.
   */
  FLOAT32(0, 0, 0),
  /**
   * Half-precision checkpoint weights stay half precision in ORT's memory and are cast to float32
   * one layer at a time while the model runs; the computation stays float32, so the logits equal
   * {@link #FLOAT32}'s. (ORT 1.29's CPU provider does run fp16 {@code MatMul}, but on this x86
   * machine a 1×2048·2048×5632 product took 57 ms in fp16 against 14 ms in fp32, and the
   * activations would lose precision.) The cast reads the weight through an {@code Expand} whose
   * shape is computed at run time, which keeps ORT's constant folding from replacing it by a
   * float32 copy (declaring the weights overridable graph inputs instead makes ORT 1.29 crash while
   * creating the session).
   */
  HALF_RESIDENT(0, 0, 0),
  /**
   * {@code com.microsoft:MatMulNBits} with {@code bits = 8}: 8-bit codes in blocks of 256 with
   * float32 scales, activations quantized to int8 per block inside the kernel ({@code
   * accuracy_level} 4). ORT 1.29's CPU kernel takes blocks of at most 256, so this is as close to
   * one scale per output channel as it allows, at the same bytes; with float32 activations ({@code
   * accuracy_level} 0) its 8-bit path took 74 ms for a 1×4096·4096×4096 product against 0.2 ms, so
   * that variant is not offered.
   */
  INT8_BLOCK256(256, 4, 8),
  /**
   * {@code com.microsoft:MatMulNBits}, 4-bit codes in blocks of 32 with float32 scales, activations
   * quantized to int8 per block inside the kernel ({@code accuracy_level} 4, ORT's fast x86 path).
   */
  INT4_BLOCK32(32, 4, 4),
  /** As {@link #INT4_BLOCK32} with blocks of 128. */
  INT4_BLOCK128(128, 4, 4),
  /**
   * 4-bit codes in blocks of 32 with float32 activations ({@code accuracy_level} 0): the kernel
   * multiplies exactly the dequantized weights. Which of the two is faster varied between runs on
   * the shared benchmark machine.
   */
  INT4_BLOCK32_FLOAT_ACTIVATIONS(32, 0, 4);

  private final int blockSize;
  private final int accuracyLevel;
  private final int bits;

  LinearWeights(int blockSize, int accuracyLevel, int bits) {
    this.blockSize = blockSize;
    this.accuracyLevel = accuracyLevel;
    this.bits = bits;
  }

  /** Bits per code of a quantized format, 0 for the others. */
  public int bits() {
    return bits;
  }

  /**
   * {@code MatMulNBits}' {@code accuracy_level} of a quantized format (0 = float32 activations).
   */
  public int accuracyLevel() {
    return accuracyLevel;
  }

  /** Block size of a quantized format, 0 for the others. */
  public int blockSize() {
    return blockSize;
  }

  /**
   * Resident bytes per linear-layer parameter of a half-precision checkpoint: 4, 2, or the packed
   * codes plus one float32 scale per block.
   */
  public double bytesPerParameter() {
    return switch (this) {
      case FLOAT32 -> 4;
      case HALF_RESIDENT -> 2;
      case INT8_BLOCK256, INT4_BLOCK32, INT4_BLOCK128, INT4_BLOCK32_FLOAT_ACTIVATIONS ->
          (blockSize * bits / 8.0 + 4) / blockSize;
    };
  }

  /** True for the {@code MatMulNBits} formats. */
  public boolean isQuantized() {
    return blockSize > 0;
  }
}
