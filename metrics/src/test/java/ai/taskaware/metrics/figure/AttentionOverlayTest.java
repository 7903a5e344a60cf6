package ai.taskaware.metrics.figure;

import static ai.taskaware.metrics.figure.Samples.rgb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.core.image.RgbImage;
import ai.taskaware.metrics.MetricInputException;
import org.junit.jupiter.api.Test;

class AttentionOverlayTest {
  private static final double[][] ATTENTION = {{0, 1}, {2, 3}};

  private static int blend(int base, int heat, double alpha) {
    int out = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      int b = (base >> shift) & 0xFF;
      int h = (heat >> shift) & 0xFF;
      out |= (int) Math.round((1 - alpha) * b + alpha * h) << shift;
    }
    return out;
  }

  @Test
  void eachPixelBlendsItsCellsColormapColourWithTheImage() {
    RgbImage grey = Samples.solid(64, 48, 0x646464);
    RgbImage overlay = AttentionOverlay.render(grey, ATTENTION, 0.4);

    assertThat(overlay.width()).isEqualTo(64);
    assertThat(overlay.height()).isEqualTo(48);
    int[][] corners = {{0, 0}, {31, 23}, {32, 0}, {63, 23}, {0, 24}, {31, 47}, {32, 24}, {63, 47}};
    double[] fractions = {0, 0, 1 / 3.0, 1 / 3.0, 2 / 3.0, 2 / 3.0, 1, 1};
    for (int i = 0; i < corners.length; i++) {
      assertThat(rgb(overlay, corners[i][0], corners[i][1]))
          .as("pixel (%d, %d)", corners[i][0], corners[i][1])
          .isEqualTo(blend(0x646464, Colormap.VIRIDIS.rgb(fractions[i]), 0.4));
    }
  }

  @Test
  void alphaZeroKeepsTheImageAndAlphaOneShowsOnlyTheHeatmap() {
    RgbImage image = Samples.solid(10, 10, 0x3366CC);
    assertThat(AttentionOverlay.render(image, ATTENTION, 0)).isEqualTo(image);
    RgbImage heat = AttentionOverlay.render(image, ATTENTION, 1);
    assertThat(rgb(heat, 0, 0)).isEqualTo(0x440154);
    assertThat(rgb(heat, 9, 9)).isEqualTo(0xFDE725);
    // A fixed range: weight 1 of [0, 4] is a quarter of the way.
    RgbImage fixed = AttentionOverlay.render(image, ATTENTION, 1, 0, 4);
    assertThat(rgb(fixed, 9, 0)).isEqualTo(Colormap.VIRIDIS.rgb(0.25));
  }

  @Test
  void rendersASampleOverlayOnAGradientImage() {
    int size = 128;
    byte[] hwc = new byte[size * size * 3];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int i = (y * size + x) * 3;
        hwc[i] = (byte) (2 * x);
        hwc[i + 1] = (byte) (2 * y);
        hwc[i + 2] = (byte) 128;
      }
    }
    double[][] attention = new double[16][16];
    for (int r = 0; r < 16; r++) {
      for (int c = 0; c < 16; c++) {
        attention[r][c] = Math.exp(-((r - 5) * (r - 5) + (c - 10) * (c - 10)) / 12.0);
      }
    }
    RgbImage overlay = AttentionOverlay.render(new RgbImage(size, size, hwc), attention, 0.6);
    Samples.save(overlay, "attention-overlay");
    // The peak cell (row 5, column 10) is the brightest colormap colour blended in.
    assertThat(rgb(overlay, 10 * 8 + 4, 5 * 8 + 4))
        .isEqualTo(blend(rgbOf(hwc, size, 84, 44), 0xFDE725, 0.6));
  }

  private static int rgbOf(byte[] hwc, int width, int x, int y) {
    int i = (y * width + x) * 3;
    return ((hwc[i] & 0xFF) << 16) | ((hwc[i + 1] & 0xFF) << 8) | (hwc[i + 2] & 0xFF);
  }

  @Test
  void badInputGetsTypedErrors() {
    RgbImage image = Samples.solid(4, 4, 0);
    assertThatThrownBy(() -> AttentionOverlay.render(image, new double[][] {{1, 2}, {3}}, 0.5))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("row 1");
    assertThatThrownBy(() -> AttentionOverlay.render(image, new double[][] {{Double.NaN}}, 0.5))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("[0, 0] is NaN");
    assertThatThrownBy(() -> AttentionOverlay.render(image, ATTENTION, 1.5))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("alpha");
    assertThatThrownBy(() -> AttentionOverlay.render(image, new double[0][], 0.5))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> AttentionOverlay.render(image, ATTENTION, 0.5, 2, 1))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("low <= high");
  }
}
