package ai.taskaware.llm.quant;

/**
 * A {@code [rows, cols]} float matrix (rows = output features N, cols = input features K) quantized
 * symmetrically to 8 bits in blocks of {@code blockSize} consecutive elements of a row, in the
 * layout of {@code com.microsoft:MatMulNBits} with {@code bits = 8}:
 *
 * <ul>
 *   <li>{@code B}: uint8 {@code [N, ceil(K / blockSize), blockSize]}, one code per byte; a row's
 *       last block is padded with code 128 (value 0).
 *   <li>{@code scales}: float32 {@code [N * ceil(K / blockSize)]}, row-major by (row, block).
 *   <li>value = {@code (code − 128) · scale} (ORT's implicit zero point {@code 2^(bits − 1)}),
 *       scale = {@code max|w| / 127} of the block, so codes span 1..255 and every element is off by
 *       at most {@code scale / 2}.
 * </ul>
 *
 * <p>ORT 1.29's CPU kernel accepts blocks of 16 to 256 only, so one scale per output channel cannot
 * be expressed with fewer scale bytes than blocks of 256 already spend (4 bytes per 256 codes).
 *
 * @param rows N
 * @param cols K
 * @param blockSize elements per block: a power of two from 16 to 256
 * @param packed the {@code B} bytes
 * @param scales one scale per (row, block)
 */
public record Int8Blocks(int rows, int cols, int blockSize, byte[] packed, float[] scales)
    implements BlockQuantized {

  private static final int ZERO_POINT = 128;
  private static final int MAX_MAGNITUDE = 127;

  /** Checks the sizes against each other. */
  public Int8Blocks {
    checkBlockSize(blockSize);
    SymmetricBlockCodes.checkSizes(8, rows, cols, blockSize, packed, scales);
  }

  /**
   * Quantizes {@code weights}, row-major {@code [rows, cols]}.
   *
   * @throws IllegalArgumentException when the length disagrees with the shape, the block size is
   *     not a power of two from 16 to 256, or a weight is not finite
   */
  public static Int8Blocks quantize(float[] weights, int rows, int cols, int blockSize) {
    checkBlockSize(blockSize);
    byte[] packed =
        new byte
            [Math.multiplyExact(
                rows * SymmetricBlockCodes.blocksPerRow(cols, blockSize), blockSize)];
    float[] scales =
        SymmetricBlockCodes.quantize(
            weights,
            rows,
            cols,
            blockSize,
            MAX_MAGNITUDE,
            ZERO_POINT,
            (block, j, code) -> packed[block * blockSize + j] = (byte) code);
    return new Int8Blocks(rows, cols, blockSize, packed, scales);
  }

  @Override
  public int bits() {
    return 8;
  }

  @Override
  public float[] dequantize() {
    int perRow = blocksPerRow();
    float[] out = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < cols; k++) {
        int block = r * perRow + k / blockSize;
        int code = packed[block * blockSize + k % blockSize] & 0xFF;
        out[r * cols + k] = (code - ZERO_POINT) * scales[block];
      }
    }
    return out;
  }

  private static void checkBlockSize(int blockSize) {
    if (blockSize < 16 || blockSize > 256 || Integer.bitCount(blockSize) != 1) {
      throw new IllegalArgumentException(
          "8-bit MatMulNBits block size must be a power of two from 16 to 256, got " + blockSize);
    }
  }
}
