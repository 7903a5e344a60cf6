package ai.taskaware.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link ImageGeometry} sizes and offsets against transformers' and LLaVA's integer rules. */
class ImageGeometryTest {
  @Test
  void shortestEdgeTruncatesTheLongSideLikePythonInt() {
    // int(336 * 403 / 271) = int(499.69...) = 499, for either orientation.
    assertThat(ImageGeometry.shortestEdgeSize(403, 271, 336)).containsExactly(499, 336);
    assertThat(ImageGeometry.shortestEdgeSize(271, 403, 336)).containsExactly(336, 499);
    assertThat(ImageGeometry.shortestEdgeSize(100, 100, 224)).containsExactly(224, 224);
    // 224 * 3 / 2 = 336 exactly; 7 * 10 / 3 = 23.33 -> 23.
    assertThat(ImageGeometry.shortestEdgeSize(2, 3, 224)).containsExactly(224, 336);
    assertThat(ImageGeometry.shortestEdgeSize(10, 3, 7)).containsExactly(23, 7);
  }

  @Test
  void padToSquarePlacesTheImageAtTheFloorCentre() {
    RgbImage wide = ImageDecoderTest.gradient(5, 2);
    int[] fill = {1, 2, 3};
    RgbImage square = ImageGeometry.padToSquare(wide, fill);
    assertThat(square.width()).isEqualTo(5);
    assertThat(square.height()).isEqualTo(5);
    // (5 - 2) // 2 = 1 row of padding above, 2 below.
    for (int x = 0; x < 5; x++) {
      assertThat(square.get(x, 0, 0)).isEqualTo(1);
      assertThat(square.get(x, 0, 2)).isEqualTo(3);
      assertThat(square.get(x, 3, 1)).isEqualTo(2);
      assertThat(square.get(x, 4, 1)).isEqualTo(2);
      for (int c = 0; c < 3; c++) {
        assertThat(square.get(x, 1, c)).isEqualTo(wide.get(x, 0, c));
        assertThat(square.get(x, 2, c)).isEqualTo(wide.get(x, 1, c));
      }
    }
    RgbImage tall = ImageDecoderTest.gradient(2, 5);
    RgbImage tallSquare = ImageGeometry.padToSquare(tall, fill);
    assertThat(tallSquare.get(0, 0, 0)).isEqualTo(1);
    assertThat(tallSquare.get(1, 4, 0)).isEqualTo(tall.get(0, 4, 0));
    assertThat(ImageGeometry.padToSquare(ImageDecoderTest.gradient(3, 3), fill))
        .isEqualTo(ImageDecoderTest.gradient(3, 3));
  }

  @Test
  void padToSquareRejectsBadFill() {
    RgbImage image = ImageDecoderTest.gradient(3, 2);
    assertThatThrownBy(() -> ImageGeometry.padToSquare(image, new int[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fillRgb");
    assertThatThrownBy(() -> ImageGeometry.padToSquare(image, new int[] {1, 2, 256}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fillRgb");
  }
}
