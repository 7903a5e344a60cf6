package ai.taskaware.diffusion;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Token-grid resizing against values worked out by hand. */
class TokenGridTest {

  /** 1×1×h×w image with values 0, 1, 2, … row-major. */
  private static INDArray ramp(int h, int w) {
    return Nd4j.arange(h * w).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).reshape(1, 1, h, w);
  }

  @Test
  void shrinkingAveragesAreas() {
    // 4×4 ramp → 2×2: mean of {0,1,4,5} = 2.5, {2,3,6,7} = 4.5, {8,9,12,13} = 10.5, {10,11,14,15} =
    // 12.5
    INDArray out = TokenGrid.image(ramp(4, 4), 2);
    assertThat(out.data().asFloat()).containsExactly(2.5f, 4.5f, 10.5f, 12.5f);
    // 3×3 ramp → 2×2: windows [0,2) and [1,3) per axis: {0,1,3,4}=2, {1,2,4,5}=3, {3,4,6,7}=5,
    // {4,5,7,8}=6
    assertThat(TokenGrid.image(ramp(3, 3), 2).data().asFloat()).containsExactly(2f, 3f, 5f, 6f);
  }

  @Test
  void growingTakesTheNearestPixel() {
    // 2×2 [[0,1],[2,3]] → 4×4: each value repeated in a 2×2 block
    assertThat(TokenGrid.image(ramp(2, 2), 4).data().asFloat())
        .containsExactly(0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3);
    // 2×3 → 3×3: rows 0,0,1 (floor(i·2/3)); columns kept
    assertThat(TokenGrid.image(ramp(2, 3), 3).data().asFloat())
        .containsExactly(0, 1, 2, 0, 1, 2, 3, 4, 5);
  }

  @Test
  void mixedAxesAndTokenLayout() {
    // 4×1 image grown along w, shrunk along h → 2×2: rows mean {0,1}=0.5, {2,3}=2.5, repeated
    assertThat(TokenGrid.image(ramp(4, 1), 2).data().asFloat())
        .containsExactly(0.5f, 0.5f, 2.5f, 2.5f);
    // tokens (1, 4, 2): 2×2 grid, channel c value = 10·c + token → 1×1 grid = means 1.5, 11.5
    float[] t = {0, 10, 1, 11, 2, 12, 3, 13};
    INDArray tokens = Nd4j.create(t, new long[] {1, 4, 2}, 'c');
    INDArray out = TokenGrid.tokens(tokens, 2, 2, 1);
    assertThat(out.shape()).containsExactly(1, 1, 2);
    assertThat(out.data().asFloat()).containsExactly(1.5f, 11.5f);
  }
}
