package ai.taskaware.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.taskaware.core.image.ImageDecoder;
import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.model.ProgressListener;
import ai.taskaware.core.provenance.ResultFile;
import ai.taskaware.examples.demo.DemoPack;
import ai.taskaware.metrics.figure.PngFile;
import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {

  @TempDir Path dir;

  private Path scene(String name, Color color, int x) {
    BufferedImage b = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = b.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 64, 64);
    g.setColor(color);
    g.fillOval(x, 20, 24, 24);
    g.dispose();
    Path file = dir.resolve(name);
    PngFile.write(RgbImage.of(b), file);
    return file;
  }

  @Test
  void writesPcaCkaAndAttentionFiguresWithConsistentNumbers() {
    Path sd = DemoPack.ensure(dir.resolve("pack"), ProgressListener.NONE).stableDiffusion();
    Path a = scene("a.png", Color.RED, 4);
    Path b = scene("b.png", Color.BLUE, 36);
    Path out = dir.resolve("analysis");
    CliRun run =
        CliRun.of(
            "analyze",
            "--sd",
            sd.toString(),
            "--images",
            a + "," + b,
            "--prompt",
            "a red circle",
            "--taps",
            "U-L1-R1-Vit-Out,U-L1-R1-B0-Cross-Q",
            "--timestep",
            "50",
            "--out",
            out.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();

    RgbImage pca = ImageDecoder.read(out.resolve("pca.png"));
    assertThat(pca.width()).as("two image columns").isGreaterThanOrEqualTo(2 * 128);
    assertThat(pca.height())
        .as("image row + 2 taps × (features, cond−uncond)")
        .isGreaterThanOrEqualTo(5 * 128);
    JsonNode pcaJson = ResultFile.readResults(out.resolve("pca.json"));
    assertThat(pcaJson).hasSize(2);
    for (JsonNode tap : pcaJson) {
      for (String key : new String[] {"singular_values", "difference_singular_values"}) {
        JsonNode sv = tap.get(key);
        assertThat(sv).hasSize(3);
        assertThat(sv.get(0).asDouble()).isGreaterThanOrEqualTo(sv.get(1).asDouble());
        assertThat(sv.get(1).asDouble()).isGreaterThanOrEqualTo(sv.get(2).asDouble());
        assertThat(sv.get(2).asDouble()).isGreaterThanOrEqualTo(0);
      }
    }

    JsonNode cka = ResultFile.readResults(out.resolve("cka.json"));
    assertThat(cka.get("samples").asInt()).as("2 images × 16×16 tokens").isEqualTo(512);
    JsonNode m = cka.get("matrix");
    assertThat(m).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(m.get(i).get(i).asDouble()).isCloseTo(1.0, within(1e-9));
      for (int j = 0; j < 2; j++) {
        assertThat(m.get(i).get(j).asDouble())
            .isCloseTo(m.get(j).get(i).asDouble(), within(1e-12))
            .isBetween(0.0, 1.0 + 1e-9);
      }
    }
    assertThat(ImageDecoder.read(out.resolve("cka.png")).width()).isGreaterThan(0);

    RgbImage attention = ImageDecoder.read(out.resolve("attention.png"));
    assertThat(attention.width()).as("image + 3 words").isGreaterThanOrEqualTo(4 * 128);
    assertThat(attention.height()).as("two images").isGreaterThanOrEqualTo(2 * 128);
    JsonNode att = ResultFile.readResults(out.resolve("attention.json"));
    assertThat(att).hasSize(2);
    for (JsonNode image : att) {
      assertThat(image.get("words").findValuesAsText("word")).containsExactly("a", "red", "circle");
      JsonNode maps = image.get("maps");
      assertThat(maps.size()).isEqualTo(3);
      for (JsonNode grid : maps) {
        assertThat(grid).hasSize(16);
        assertThat(grid.get(0)).hasSize(16);
      }
    }
    assertThat(ResultFile.readProvenance(out.resolve("attention.json")).options())
        .containsEntry("prompt", "a red circle")
        .containsEntry("timestep", "50");
  }
}
