package ai.taskaware.metrics.figure;

import static ai.taskaware.metrics.figure.Samples.rgb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.core.image.RgbImage;
import ai.taskaware.metrics.MetricInputException;
import ai.taskaware.metrics.pca.FeatureMap;
import ai.taskaware.metrics.pca.FeatureMapPca;
import ai.taskaware.metrics.pca.PcaMaps;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ImageGridTest {
  @Test
  void cellsHoldTheirImagesAndTitlesSitAroundThem() {
    int[] colours = {0xCC2222, 0x22CC22, 0x2222CC, 0x888888, 0x111111};
    List<List<RgbImage>> cells =
        List.of(
            List.of(
                Samples.solid(32, 32, colours[0]),
                Samples.solid(32, 32, colours[1]),
                Samples.solid(32, 32, colours[2])),
            Arrays.asList(
                Samples.solid(32, 32, colours[3]), null, Samples.solid(16, 32, colours[4])));
    List<String> rowTitles = List.of("conditional", "unconditional");
    List<String> columnTitles = List.of("t = 1", "t = 500", "a very long column title indeed");
    RgbImage grid = ImageGrid.render(cells, rowTitles, columnTitles, 32, 32);
    ImageGrid.Layout layout = ImageGrid.layout(cells, rowTitles, columnTitles, 32, 32);

    assertThat(grid.width()).isEqualTo(layout.width());
    assertThat(grid.height()).isEqualTo(layout.height());
    for (int c = 0; c < 3; c++) {
      assertThat(rgb(grid, layout.cellX(c) + 16, layout.cellY(0) + 16)).isEqualTo(colours[c]);
      assertThat(rgb(grid, layout.cellX(c), layout.cellY(0))).isEqualTo(colours[c]);
      assertThat(rgb(grid, layout.cellX(c) + 31, layout.cellY(0) + 31)).isEqualTo(colours[c]);
    }
    assertThat(rgb(grid, layout.cellX(0) + 16, layout.cellY(1) + 16)).isEqualTo(colours[3]);
    assertThat(rgb(grid, layout.cellX(1) + 16, layout.cellY(1) + 16)).isEqualTo(0xFFFFFF);
    // A 16×32 image in a 32×32 cell is centred: white either side.
    assertThat(rgb(grid, layout.cellX(2) + 16, layout.cellY(1) + 16)).isEqualTo(colours[4]);
    assertThat(rgb(grid, layout.cellX(2) + 2, layout.cellY(1) + 16)).isEqualTo(0xFFFFFF);
    assertThat(inkIn(grid, 0, layout.cellY(0), layout.cellX(0) - 1, layout.cellY(0) + 31))
        .as("row title")
        .isTrue();
    assertThat(inkIn(grid, layout.cellX(0), 0, layout.cellX(0) + 31, layout.cellY(0) - 1))
        .as("column title")
        .isTrue();
    Samples.assertWhiteFrame(grid, 3);
    Samples.save(grid, "titled-grid");
  }

  private static boolean inkIn(RgbImage image, int x0, int y0, int x1, int y1) {
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        if (rgb(image, x, y) != 0xFFFFFF) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void rendersASampleGridOfJointPcaMaps() {
    Random random = new Random(1);
    int side = 16;
    int channels = 12;
    double[][][] maps = new double[2][side * side][channels];
    for (int m = 0; m < 2; m++) {
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          double[] token = maps[m][y * side + x];
          for (int c = 0; c < channels; c++) {
            token[c] =
                Math.sin((x + 3 * m) / 3.0 + c)
                    + Math.cos(y / 4.0 - c)
                    + 0.05 * random.nextGaussian();
          }
        }
      }
    }
    PcaMaps pca =
        FeatureMapPca.joint(
            List.of(
                FeatureMap.square(Nd4j.create(maps[0])), FeatureMap.square(Nd4j.create(maps[1]))));
    RgbImage grid =
        ImageGrid.render(
            List.of(List.of(pca.image(0, 128, 128), pca.image(1, 128, 128))),
            List.of("joint PCA"),
            List.of("image A", "image B"),
            128,
            128);
    Samples.assertWhiteFrame(grid, 3);
    Samples.save(grid, "pca-grid");
  }

  @Test
  void columnsWidenForTheirOwnTitlesUpToTheLimit() {
    List<List<RgbImage>> row =
        List.of(
            List.of(Samples.solid(20, 20, 0), Samples.solid(20, 20, 0), Samples.solid(20, 20, 0)));
    List<String> titles = List.of("a", "medium title", "x".repeat(200));
    ImageGrid.Layout layout = ImageGrid.layout(row, List.of(), titles, 20, 20);
    assertThat(layout.columnWidth(0)).isEqualTo(20);
    assertThat(layout.columnWidth(1)).isBetween(60, 120);
    assertThat(layout.columnWidth(2)).isEqualTo(ImageGrid.MAX_COLUMN_TITLE_WIDTH);
    assertThat(layout.cellX(1) - layout.slotX(1)).isEqualTo((layout.columnWidth(1) - 20) / 2);
    Samples.assertWhiteFrame(ImageGrid.render(row, List.of(), titles, 20, 20), 3);
  }

  @Test
  void badInputGetsTypedErrors() {
    List<List<RgbImage>> one = List.of(List.of(Samples.solid(4, 4, 0)));
    assertThatThrownBy(() -> ImageGrid.render(one, List.of("a", "b"), List.of(), 4, 4))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("2 row titles for 1 rows");
    assertThatThrownBy(() -> ImageGrid.render(List.of(), List.of(), List.of(), 4, 4))
        .isInstanceOf(MetricInputException.class);
    assertThatThrownBy(() -> ImageGrid.render(one, List.of(), List.of(), 0, 4))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("cell size");
    assertThatThrownBy(() -> ImageGrid.render(List.of(List.of()), List.of(), List.of(), 4, 4))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("empty");
  }
}
