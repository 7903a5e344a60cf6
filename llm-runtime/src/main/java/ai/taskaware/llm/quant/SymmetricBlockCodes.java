package ai.taskaware.llm.quant;

/**
 * The symmetric block quantization the 4- and 8-bit layouts share: per (row, block) of a row-major
 * {@code [rows, cols]} matrix, scale = {@code max|w| / maxMagnitude} and code = {@code zeroPoint +
 * round(w / scale)} clamped to ±{@code maxMagnitude}; a row's last block is padded with the zero
 * point. Only how codes are packed into bytes differs between the layouts.
 */
final class SymmetricBlockCodes {

  /** Receives each code of each block, padding included. */
  @FunctionalInterface
  interface CodeSink {
    void put(int block, int indexInBlock, int code);
  }

  private SymmetricBlockCodes() {}

  /**
   * Quantizes {@code weights}, handing every code to {@code sink}.
   *
   * @return one scale per (row, block), row-major
   * @throws IllegalArgumentException when the length disagrees with the shape or a weight is not
   *     finite
   */
  static float[] quantize(
      float[] weights,
      int rows,
      int cols,
      int blockSize,
      int maxMagnitude,
      int zeroPoint,
      CodeSink sink) {
    if ((long) rows * cols != weights.length) {
      throw new IllegalArgumentException(
          "weights hold " + weights.length + " values, expected " + rows + " x " + cols);
    }
    int perRow = blocksPerRow(cols, blockSize);
    float[] scales = new float[rows * perRow];
    for (int r = 0; r < rows; r++) {
      int rowStart = r * cols;
      for (int b = 0; b < perRow; b++) {
        int start = b * blockSize;
        int end = Math.min(cols, start + blockSize);
        float max = 0;
        for (int k = start; k < end; k++) {
          float w = weights[rowStart + k];
          if (!Float.isFinite(w)) {
            throw new IllegalArgumentException(
                "weight [" + r + ", " + k + "] is " + w + "; only finite weights quantize");
          }
          max = Math.max(max, Math.abs(w));
        }
        float scale = max / maxMagnitude;
        int block = r * perRow + b;
        scales[block] = scale;
        float inverse = scale == 0 ? 0 : 1 / scale;
        for (int j = 0; j < blockSize; j++) {
          int k = start + j;
          int code =
              k < end
                  ? zeroPoint
                      + Math.max(
                          -maxMagnitude,
                          Math.min(maxMagnitude, Math.round(weights[rowStart + k] * inverse)))
                  : zeroPoint;
          sink.put(block, j, code);
        }
      }
    }
    return scales;
  }

  /**
   * Checks a layout's arrays against its shape: {@code bits} per code, so {@code blockSize · bits /
   * 8} bytes per block and one scale per (row, block).
   *
   * @throws IllegalArgumentException naming what the arrays must hold
   */
  static void checkSizes(
      int bits, int rows, int cols, int blockSize, byte[] packed, float[] scales) {
    if (rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException(
          "a quantized matrix needs positive rows and cols, got " + rows + " x " + cols);
    }
    long blocks = (long) rows * blocksPerRow(cols, blockSize);
    long bytes = blocks * blockSize * bits / 8;
    if (packed == null || packed.length != bytes) {
      throw new IllegalArgumentException(
          "packed "
              + bits
              + "-bit data must hold "
              + bytes
              + " bytes for "
              + rows
              + " x "
              + cols
              + " in blocks of "
              + blockSize);
    }
    if (scales == null || scales.length != blocks) {
      throw new IllegalArgumentException(
          bits + "-bit scales must hold " + blocks + " floats for " + rows + " x " + cols);
    }
  }

  static int blocksPerRow(int cols, int blockSize) {
    return (cols + blockSize - 1) / blockSize;
  }
}
