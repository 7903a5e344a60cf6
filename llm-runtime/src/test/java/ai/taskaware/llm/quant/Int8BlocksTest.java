package ai.taskaware.llm.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Packing of {@link Int8Blocks}: round trip within half a step, byte layout, bad input. */
class Int8BlocksTest {

  @Test
  void roundTripStaysWithinHalfAScaleOfEveryBlock() {
    Random random = new Random(8);
    int rows = 5;
    int cols = 600; // not a multiple of 256: the last block of each row is padded
    float[] w = new float[rows * cols];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (0.05 * random.nextGaussian());
    }
    Int8Blocks q = Int8Blocks.quantize(w, rows, cols, 256);
    assertThat(q.blocksPerRow()).isEqualTo(3);
    assertThat(q.packed()).hasSize(rows * 3 * 256);
    assertThat(q.blobSize()).isEqualTo(256);
    float[] back = q.dequantize();
    double worstRatio = 0;
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < cols; k++) {
        float scale = q.scales()[r * 3 + k / 256];
        double err = Math.abs(back[r * cols + k] - w[r * cols + k]);
        assertThat(err).isLessThanOrEqualTo(scale / 2 * (1 + 1e-6));
        worstRatio = Math.max(worstRatio, err / scale);
      }
    }
    System.out.printf("int8 block 256: worst |error| / scale = %.4f (bound 0.5)%n", worstRatio);
    assertThat(q.maxError()).isLessThan(0.05f * 5 / 127);
    // padding codes are the zero point
    assertThat(q.packed()[2 * 256 + (cols - 512)] & 0xFF).isEqualTo(128);
  }

  @Test
  void oneCodePerByteAroundZeroPoint128() {
    float[] w = new float[16];
    w[0] = 127f; // scale 1 → code 255
    w[1] = -127f; // code 1
    w[2] = 3f; // code 131; w[3] = 0 → 128
    Int8Blocks q = Int8Blocks.quantize(w, 1, 16, 16);
    assertThat(q.scales()[0]).isEqualTo(1f);
    assertThat(q.packed()[0] & 0xFF).isEqualTo(255);
    assertThat(q.packed()[1] & 0xFF).isEqualTo(1);
    assertThat(q.packed()[2] & 0xFF).isEqualTo(131);
    assertThat(q.packed()[3] & 0xFF).isEqualTo(128);
  }

  @Test
  void blocksOrtDoesNotTakeAndNonFiniteValuesAreRejected() {
    assertThatThrownBy(() -> Int8Blocks.quantize(new float[1024], 1, 1024, 512))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16 to 256");
    assertThatThrownBy(() -> Int8Blocks.quantize(new float[10], 2, 6, 16))
        .hasMessageContaining("2 x 6");
    float[] inf = new float[32];
    inf[17] = Float.POSITIVE_INFINITY;
    assertThatThrownBy(() -> Int8Blocks.quantize(inf, 1, 32, 16)).hasMessageContaining("[0, 17]");
  }
}
