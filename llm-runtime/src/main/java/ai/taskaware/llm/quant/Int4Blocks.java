package ai.taskaware.llm.quant;

/**
 * A {@code [rows, cols]} float matrix (PyTorch {@code nn.Linear} layout: rows = output features N,
 * cols = input features K) quantized symmetrically to 4 bits in blocks of {@code blockSize}
 * consecutive elements of a row, in the layout of ONNX Runtime's {@code com.microsoft:MatMulNBits}
 * ({@code bits = 4}, no {@code zero_points} input):
 *
 * <ul>
 *   <li>{@code B}: uint8 {@code [N, ceil(K / blockSize), blockSize / 2]}; element {@code k} of a
 *       block sits in byte {@code k / 2}, even {@code k} in the low nibble, odd {@code k} in the
 *       high nibble; a row's last block is padded with code 8 (value 0).
 *   <li>{@code scales}: float32 {@code [N * ceil(K / blockSize)]}, row-major by (row, block).
 *   <li>value = {@code (code − 8) · scale}: with {@code zero_points} absent ORT uses {@code 2^(bits
 *       − 1) = 8}. The scale is {@code max|w| / 7} of the block, so codes span 1..15 and every
 *       element is off by at most {@code scale / 2}.
 * </ul>
 *
 * @param rows N, output features
 * @param cols K, input features
 * @param blockSize elements per block along K: a power of two ≥ 16
 * @param packed the {@code B} bytes
 * @param scales one scale per (row, block)
 */
public record Int4Blocks(int rows, int cols, int blockSize, byte[] packed, float[] scales)
    implements BlockQuantized {

  private static final int ZERO_POINT = 8;
  private static final int MAX_MAGNITUDE = 7;

  /** Checks the sizes against each other. */
  public Int4Blocks {
    checkBlockSize(blockSize);
    SymmetricBlockCodes.checkSizes(4, rows, cols, blockSize, packed, scales);
  }

  /**
   * Quantizes {@code weights}, row-major {@code [rows, cols]}.
   *
   * @throws IllegalArgumentException when the length disagrees with the shape, the block size is
   *     not a power of two ≥ 16, or a weight is not finite
   */
  public static Int4Blocks quantize(float[] weights, int rows, int cols, int blockSize) {
    checkBlockSize(blockSize);
    int blobSize = blockSize / 2;
    byte[] packed =
        new byte
            [Math.multiplyExact(
                rows * SymmetricBlockCodes.blocksPerRow(cols, blockSize), blobSize)];
    float[] scales =
        SymmetricBlockCodes.quantize(
            weights,
            rows,
            cols,
            blockSize,
            MAX_MAGNITUDE,
            ZERO_POINT,
            (block, j, code) -> {
              int at = block * blobSize + j / 2;
              packed[at] =
                  (byte)
                      ((j & 1) == 0 ? (packed[at] & 0xF0) | code : (packed[at] & 0x0F) | code << 4);
            });
    return new Int4Blocks(rows, cols, blockSize, packed, scales);
  }

  @Override
  public int bits() {
    return 4;
  }

  @Override
  public float[] dequantize() {
    int perRow = blocksPerRow();
    int blobSize = blockSize / 2;
    float[] out = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < cols; k++) {
        int block = r * perRow + k / blockSize;
        int j = k % blockSize;
        int bits = packed[block * blobSize + j / 2] & 0xFF;
        int code = (j & 1) == 0 ? bits & 0x0F : bits >>> 4;
        out[r * cols + k] = (code - ZERO_POINT) * scales[block];
      }
    }
    return out;
  }

  private static void checkBlockSize(int blockSize) {
    if (blockSize < 16 || Integer.bitCount(blockSize) != 1) {
      throw new IllegalArgumentException(
          "MatMulNBits block size must be a power of two >= 16, got " + blockSize);
    }
  }
}
