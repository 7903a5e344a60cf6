package ai.taskaware.metrics.figure;

import static ai.taskaware.metrics.figure.Samples.rgb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.core.image.RgbImage;
import ai.taskaware.metrics.MetricInputException;
import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatrixHeatmapTest {
  private static final double[][] CKA = {
    {1.00, 0.82, 0.41, 0.12},
    {0.79, 0.97, 0.55, 0.30},
    {0.35, 0.61, 0.93, 0.74}
  };

  @Test
  void cellsHaveTheColormapColourOfTheirValue() {
    MatrixHeatmap heatmap =
        new MatrixHeatmap(
            "CKA", "", "", List.of("a", "b", "c"), List.of("p", "q", "r", "s"), 0, 1, 24, false);
    RgbImage image = heatmap.render(CKA);
    MatrixHeatmap.Layout layout = heatmap.layout();

    assertThat(image.width()).isEqualTo(layout.width());
    assertThat(image.height()).isEqualTo(layout.height());
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 4; c++) {
        int expected = Colormap.VIRIDIS.rgb(CKA[r][c]);
        for (int[] offset : new int[][] {{0, 0}, {12, 12}, {23, 23}}) {
          assertThat(rgb(image, layout.cellX(c) + offset[0], layout.cellY(r) + offset[1]))
              .as("cell [%d, %d] at offset (%d, %d)", r, c, offset[0], offset[1])
              .isEqualTo(expected);
        }
      }
    }
    assertThat(GraphicsEnvironment.isHeadless()).isTrue();
    Samples.assertWhiteFrame(image, 3);
  }

  @Test
  void colourBarRunsMonotonicallyThroughTheColormapFromLowAtTheBottomToHighAtTheTop() {
    MatrixHeatmap heatmap =
        MatrixHeatmap.forCka("CKA", List.of("a", "b", "c"), List.of("p", "q", "r", "s"));
    RgbImage image = heatmap.render(CKA);
    MatrixHeatmap.Layout layout = heatmap.layout();

    int x = layout.barX() + MatrixHeatmap.BAR_WIDTH / 2;
    int previous = Integer.MAX_VALUE;
    for (int py = 0; py < layout.barHeight(); py++) {
      int colour = rgb(image, x, layout.cellY(0) + py);
      int index = entryIndex(colour);
      assertThat(colour)
          .as("bar row %d", py)
          .isEqualTo(Colormap.VIRIDIS.rgb(MatrixHeatmap.barFraction(py, layout.barHeight())));
      assertThat(index).as("bar row %d", py).isLessThanOrEqualTo(previous);
      previous = index;
    }
    assertThat(entryIndex(rgb(image, x, layout.cellY(0)))).isGreaterThanOrEqualTo(254);
    assertThat(entryIndex(rgb(image, x, layout.cellY(0) + layout.barHeight() - 1)))
        .isLessThanOrEqualTo(1);
    Samples.save(image, "cka-heatmap-small");
  }

  private static int entryIndex(int colour) {
    for (int i = 0; i < Colormap.SIZE; i++) {
      if (ColormapTest.packed(Colormap.VIRIDIS.entry(i)) == colour) {
        return i;
      }
    }
    throw new AssertionError(String.format("colour %06X is not a viridis entry", colour));
  }

  @Test
  void longTapNamesTurnVerticalAndNothingIsClipped() {
    List<String> taps = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      taps.add("unet.down_blocks." + i / 2 + ".attentions." + i % 2);
    }
    double[][] matrix = new double[8][8];
    for (int i = 0; i < 8; i++) {
      for (int j = 0; j < 8; j++) {
        matrix[i][j] = Math.exp(-Math.abs(i - j) / 3.0);
      }
    }
    MatrixHeatmap heatmap =
        MatrixHeatmap.forCka("Linear CKA: SD 1.5 vs SD 2.1", taps, taps)
            .withAxisTitles("SD 1.5 UNet taps", "SD 2.1 UNet taps");
    RgbImage image = heatmap.render(matrix);
    MatrixHeatmap.Layout layout = heatmap.layout();

    assertThat(layout.verticalColumnLabels()).isTrue();
    assertThat(image.height() - layout.matrixBottom()).isGreaterThan(150);
    // Ink below the matrix where the first column's vertical label is.
    int x0 = layout.cellX(0);
    boolean ink = false;
    for (int y = layout.matrixBottom() + 6; y < layout.matrixBottom() + 150 && !ink; y++) {
      for (int x = x0; x < x0 + 40; x++) {
        ink |= rgb(image, x, y) != 0xFFFFFF;
      }
    }
    assertThat(ink).isTrue();
    Samples.assertWhiteFrame(image, 3);
    Samples.save(image, "cka-heatmap-taps");

    MatrixHeatmap shortLabels = MatrixHeatmap.forCka("", List.of("L0", "L1"), List.of("L0", "L1"));
    assertThat(shortLabels.layout().verticalColumnLabels()).isFalse();
    Samples.assertWhiteFrame(shortLabels.render(new double[][] {{1, 0.5}, {0.5, 1}}), 3);
  }

  @Test
  void badInputGetsTypedErrors() {
    MatrixHeatmap heatmap = MatrixHeatmap.forCka("", List.of("a", "b"), List.of("x"));
    assertThatThrownBy(() -> heatmap.render(new double[][] {{0.5}}))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("1 rows but 2 row labels");
    assertThatThrownBy(() -> heatmap.render(new double[][] {{0.5}, {0.1, 0.2}}))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("row 1 has 2 values");
    assertThatThrownBy(() -> heatmap.render(new double[][] {{0.5}, {Double.NaN}}))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("[1, 0] is NaN");
    assertThatThrownBy(
            () -> new MatrixHeatmap("", "", "", List.of("a"), List.of("b"), 1, 1, 40, false))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("low < high");
    assertThatThrownBy(() -> MatrixHeatmap.forCka("", List.of(), List.of("b")))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("row label");
  }
}
