package ai.taskaware.llm.quant;

/**
 * A {@code [rows, cols]} matrix quantized in blocks along its rows in the layout of ONNX Runtime's
 * {@code com.microsoft:MatMulNBits}: {@code B} is uint8 {@code [rows, blocksPerRow, blockSize ·
 * bits / 8]}, {@code scales} float32 {@code [rows · blocksPerRow]}, no {@code zero_points} input
 * (ORT's implicit zero point is {@code 2^(bits − 1)}).
 */
public sealed interface BlockQuantized permits Int4Blocks, Int8Blocks {

  /** N, output features. */
  int rows();

  /** K, input features. */
  int cols();

  /** Elements per block along K. */
  int blockSize();

  /** Bits per code: {@code MatMulNBits}' {@code bits} attribute. */
  int bits();

  /** The {@code B} bytes. */
  byte[] packed();

  /** One scale per (row, block). */
  float[] scales();

  /** Blocks per row: {@code ceil(cols / blockSize)}. */
  default int blocksPerRow() {
    return SymmetricBlockCodes.blocksPerRow(cols(), blockSize());
  }

  /** Bytes of {@code B} per block. */
  default int blobSize() {
    return blockSize() * bits() / 8;
  }

  /** The values ORT computes with, row-major {@code [rows, cols]}. */
  float[] dequantize();

  /** Largest error of any element: half the largest scale. */
  default float maxError() {
    float max = 0;
    for (float s : scales()) {
      max = Math.max(max, s);
    }
    return max / 2;
  }
}
