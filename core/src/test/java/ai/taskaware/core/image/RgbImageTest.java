package ai.taskaware.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** {@link RgbImage} validation, immutability and BufferedImage round trips. */
class RgbImageTest {
  @Test
  void validatesSizesAndLength() {
    assertThatThrownBy(() -> new RgbImage(2, 2, new byte[11]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hwc")
        .hasMessageContaining("12");
    assertThatThrownBy(() -> new RgbImage(2, 0, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("height");
    assertThatThrownBy(() -> new RgbImage(2, 2, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hwc");
    RgbImage image = ImageDecoderTest.gradient(3, 2);
    assertThatThrownBy(() -> image.get(3, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x");
    assertThatThrownBy(() -> image.get(0, 0, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("channel");
  }

  @Test
  void isImmutable() {
    byte[] hwc = new byte[3 * 2 * 3];
    hwc[0] = 10;
    RgbImage image = new RgbImage(3, 2, hwc);
    hwc[0] = 99;
    image.toHwcBytes()[0] = 77;
    assertThat(image.get(0, 0, 0)).isEqualTo(10);
  }

  @Test
  void bufferedImageRoundTripKeepsEveryValue() {
    RgbImage image = ImageDecoderTest.gradient(17, 9);
    BufferedImage buffered = image.toBufferedImage();
    assertThat(buffered.getRGB(16, 8) & 0xFFFFFF)
        .isEqualTo((image.get(16, 8, 0) << 16) | (image.get(16, 8, 1) << 8) | image.get(16, 8, 2));
    assertThat(RgbImage.of(buffered)).isEqualTo(image);
    BufferedImage argb = new BufferedImage(17, 9, BufferedImage.TYPE_INT_ARGB_PRE);
    argb.getGraphics().drawImage(buffered, 0, 0, null);
    assertThat(RgbImage.of(argb)).isEqualTo(image);
  }

  @Test
  void cmykFormulaIsPillowsMuldiv255() {
    // Pillow: nk - MULDIV255(c, nk) with nk = 255 - k.
    assertThat(PillowRgbConversion.cmykToRgb(0, 0)).isEqualTo(255);
    assertThat(PillowRgbConversion.cmykToRgb(255, 0)).isEqualTo(0);
    assertThat(PillowRgbConversion.cmykToRgb(0, 255)).isEqualTo(0);
    assertThat(PillowRgbConversion.cmykToRgb(100, 40)).isEqualTo(215 - 84);
  }
}
