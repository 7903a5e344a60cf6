package ai.taskaware.llm.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Packing of {@link Int4Blocks}: round trip within the 4-bit bound, nibble order, bad input. */
class Int4BlocksTest {

  private static float[] gaussian(int n, long seed) {
    Random r = new Random(seed);
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) (0.05 * r.nextGaussian());
    }
    return w;
  }

  @Test
  void roundTripStaysWithinHalfAScaleOfEveryBlock() {
    for (int blockSize : new int[] {32, 128}) {
      int rows = 7;
      int cols = 300; // not a multiple of either block size: the last block is padded
      float[] w = gaussian(rows * cols, blockSize);
      Int4Blocks q = Int4Blocks.quantize(w, rows, cols, blockSize);
      float[] back = q.dequantize();
      int perRow = q.blocksPerRow();
      assertThat(perRow).isEqualTo((cols + blockSize - 1) / blockSize);
      assertThat(q.packed()).hasSize(rows * perRow * blockSize / 2);
      double worstRatio = 0;
      for (int r = 0; r < rows; r++) {
        for (int k = 0; k < cols; k++) {
          float scale = q.scales()[r * perRow + k / blockSize];
          double err = Math.abs(back[r * cols + k] - w[r * cols + k]);
          assertThat(err).isLessThanOrEqualTo(scale / 2 * (1 + 1e-6));
          worstRatio = Math.max(worstRatio, err / scale);
        }
      }
      System.out.printf(
          "int4 block %d: worst |error| / scale = %.4f (bound 0.5)%n", blockSize, worstRatio);
    }
  }

  @Test
  void evenElementsTakeTheLowNibbleAndZeroIsCodeEight() {
    float[] w = new float[32];
    w[0] = 7f; // code 15, scale 1
    w[1] = -7f; // code 1
    w[2] = 1f; // code 9; w[3] = 0 → code 8
    Int4Blocks q = Int4Blocks.quantize(w, 1, 32, 32);
    assertThat(q.scales()[0]).isEqualTo(1f);
    assertThat(q.packed()[0] & 0xFF).isEqualTo(0x1F);
    assertThat(q.packed()[1] & 0xFF).isEqualTo(0x89);
    assertThat(q.packed()[2] & 0xFF).isEqualTo(0x88);
  }

  @Test
  void badShapesBlockSizesAndValuesAreRejected() {
    assertThatThrownBy(() -> Int4Blocks.quantize(new float[10], 2, 6, 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 x 6");
    assertThatThrownBy(() -> Int4Blocks.quantize(new float[64], 2, 32, 24))
        .hasMessageContaining("power of two");
    float[] nan = new float[32];
    nan[5] = Float.NaN;
    assertThatThrownBy(() -> Int4Blocks.quantize(nan, 1, 32, 32)).hasMessageContaining("[0, 5]");
  }
}
