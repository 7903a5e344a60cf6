package ai.taskaware.metrics.figure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.taskaware.metrics.MetricInputException;
import org.junit.jupiter.api.Test;

class ColormapTest {
  @Test
  void endpointsAreThePublishedViridisValues() {
    assertThat(Colormap.VIRIDIS.entry(0)).containsExactly(0.267004, 0.004874, 0.329415);
    assertThat(Colormap.VIRIDIS.entry(255)).containsExactly(0.993248, 0.906157, 0.143936);
    // The published hex codes of viridis' ends.
    assertThat(Colormap.VIRIDIS.rgb(0.0)).isEqualTo(0x440154);
    assertThat(Colormap.VIRIDIS.rgb(1.0)).isEqualTo(0xFDE725);
    // #21918C is viridis' widely quoted midpoint (entry 128).
    assertThat(Colormap.VIRIDIS.rgb(0.5)).isEqualTo(0x21918C);
  }

  @Test
  void valuesPickEntriesAsMatplotlibListedColormapDoesAndClamp() {
    assertThat(Colormap.VIRIDIS.rgb(-3)).isEqualTo(Colormap.VIRIDIS.rgb(0));
    assertThat(Colormap.VIRIDIS.rgb(7)).isEqualTo(Colormap.VIRIDIS.rgb(1));
    assertThat(Colormap.VIRIDIS.rgb(1.0 / 256 - 1e-12)).isEqualTo(0x440154);
    assertThat(Colormap.VIRIDIS.rgb(1.0 / 256)).isEqualTo(packed(Colormap.VIRIDIS.entry(1)));
    assertThat(Colormap.VIRIDIS.rgb(255.0 / 256 - 1e-12))
        .isEqualTo(packed(Colormap.VIRIDIS.entry(254)));
    assertThatThrownBy(() -> Colormap.VIRIDIS.rgb(Double.NaN))
        .isInstanceOf(MetricInputException.class);
    assertThatThrownBy(() -> Colormap.VIRIDIS.entry(256)).isInstanceOf(MetricInputException.class);
  }

  /**
   * Guards the transcription of the 256-entry table: viridis' CIE lightness rises strictly from one
   * entry to the next, and neighbouring entries differ by little.
   */
  @Test
  void tableIsPerceptuallyMonotoneAndSmooth() {
    double previous = -1;
    double[] before = Colormap.VIRIDIS.entry(0);
    for (int i = 0; i < Colormap.SIZE; i++) {
      double[] entry = Colormap.VIRIDIS.entry(i);
      double lightness = cieLightness(entry);
      assertThat(lightness).as("L* of entry %d", i).isGreaterThan(previous);
      previous = lightness;
      for (int c = 0; c < 3; c++) {
        assertThat(entry[c]).as("entry %d channel %d", i, c).isCloseTo(before[c], within(0.012));
      }
      before = entry;
    }
  }

  private static double cieLightness(double[] srgb) {
    double y = 0.2126 * linear(srgb[0]) + 0.7152 * linear(srgb[1]) + 0.0722 * linear(srgb[2]);
    return y > 216.0 / 24389 ? 116 * Math.cbrt(y) - 16 : y * 24389.0 / 27;
  }

  private static double linear(double v) {
    return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  }

  static int packed(double[] entry) {
    return ((int) Math.round(255 * entry[0]) << 16)
        | ((int) Math.round(255 * entry[1]) << 8)
        | (int) Math.round(255 * entry[2]);
  }
}
