package ai.taskaware.llm.llama;

/**
 * How the decoder's linear-layer weights (attention and MLP projections, {@code lm_head}) are held
 * in ONNX Runtime's memory. Norm weights and the embedding table are small or gathered row by row
 * and follow the {@link ai.taskaware.core.graph.WeightPolicy} in every format.
 *
 * <p>Resident bytes per linear-layer parameter: {@link #FLOAT32} 4; {@link #HALF_RESIDENT} 2 (half
 * precision checkpoints; float32 checkpoints stay 4); {@link #INT4_BLOCK32} 0.625 (half a byte of
 * code plus a float32 scale per 32); {@link #INT4_BLOCK128} 0.53125.
 */
public enum LinearWeights {
  /**
   * Float32 weights. With {@link ai.taskaware.core.graph.WeightPolicy#KEEP_AND_CAST} the model file
   * stays half precision, but ORT 1.29's constant folding replaces each {@code Cast} of a constant
   * weight by a float32 copy, so the running model holds 4 bytes per parameter.
   */
  FLOAT32(0),
  /**
   * Half-precision checkpoint weights stay half precision in ORT's memory and are cast to float32
   * one layer at a time while the model runs. ORT's CPU provider has no fp16 {@code MatMul} on x86,
   * so the computation stays float32. The cast reads the weight through an {@code Expand} whose
   * shape is computed at run time, which keeps ORT's constant folding from replacing it by a
   * float32 copy (declaring the weights overridable graph inputs instead makes ORT 1.29 crash while
   * creating the session).
   */
  HALF_RESIDENT(0),
  /** {@code com.microsoft:MatMulNBits}, 4-bit codes in blocks of 32 with float32 scales. */
  INT4_BLOCK32(32),
  /** {@code com.microsoft:MatMulNBits}, 4-bit codes in blocks of 128 with float32 scales. */
  INT4_BLOCK128(128);

  private final int blockSize;

  LinearWeights(int blockSize) {
    this.blockSize = blockSize;
  }

  /** Block size of a 4-bit format, 0 for the others. */
  public int blockSize() {
    return blockSize;
  }

  /** True for the 4-bit formats. */
  public boolean isQuantized() {
    return blockSize > 0;
  }
}
