package ai.taskaware.benchmarks.winoground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.benchmarks.Fixtures;
import ai.taskaware.benchmarks.harness.RunSettings;
import ai.taskaware.benchmarks.io.BenchmarkDataException;
import ai.taskaware.core.provenance.ResultFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WinogroundTest {

  @TempDir Path dir;

  private Path dataset() {
    Path root = dir.resolve("winoground");
    Fixtures.copy("/winoground/examples.jsonl", root.resolve("examples.jsonl"));
    for (int k = 0; k < 3; k++) {
      Fixtures.image(root.resolve("images/ex_" + k + "_img_0.png"), 30);
      Fixtures.image(root.resolve("images/ex_" + k + "_img_1.png"), 220);
    }
    return root;
  }

  @Test
  void loadsExamplesWithMissingOptionalFieldsAndBlankLines() {
    List<WinogroundExample> examples = WinogroundDataset.load(dataset());
    assertThat(examples).extracting(WinogroundExample::id).containsExactly("0", "1", "2");
    assertThat(examples.get(0).secondaryTag()).isEqualTo("Symbolic");
    assertThat(examples.get(1).secondaryTag()).isEmpty();
    assertThat(examples.get(1).collapsedTag()).isEmpty();
    assertThat(examples.get(2).image1().getFileName().toString()).isEqualTo("ex_2_img_1.png");
  }

  /** scores[image][caption] from the notebook's names. */
  private static double[][] m(double c0i0, double c0i1, double c1i0, double c1i1) {
    return new double[][] {{c0i0, c1i0}, {c0i1, c1i1}};
  }

  @Test
  void textImageAndGroupScoresWithTiesWrong() {
    WinogroundRecord perfect = WinogroundScorer.decide("p", m(0.9, 0.1, 0.2, 0.8));
    WinogroundRecord tie = WinogroundScorer.decide("t", m(0.5, 0.5, 0.5, 0.5));
    // text only: c0i0 > c1i0 and c1i1 > c0i1, but c0i0 < c0i1
    WinogroundRecord textOnly = WinogroundScorer.decide("a", m(0.5, 0.55, 0.4, 0.6));
    // image only: c0i0 > c0i1 and c1i1 > c1i0, but c0i0 < c1i0
    WinogroundRecord imageOnly = WinogroundScorer.decide("b", m(0.5, 0.4, 0.55, 0.6));
    // one tie inside the text comparison (c0i0 == c1i0) is enough to fail text and group
    WinogroundRecord halfTie = WinogroundScorer.decide("h", m(0.7, 0.1, 0.7, 0.8));
    assertThat(perfect.groupCorrect()).isTrue();
    assertThat(tie.textCorrect() || tie.imageCorrect() || tie.groupCorrect()).isFalse();
    assertThat(textOnly.textCorrect()).isTrue();
    assertThat(textOnly.imageCorrect()).isFalse();
    assertThat(imageOnly.imageCorrect()).isTrue();
    assertThat(imageOnly.textCorrect()).isFalse();
    assertThat(halfTie.textCorrect()).isFalse();
    assertThat(halfTie.imageCorrect()).isTrue();
    WinogroundScores scores =
        WinogroundScorer.score(List.of(perfect, tie, textOnly, imageOnly, halfTie));
    // hand count over 5: text {perfect, textOnly} = 2, image {perfect, imageOnly, halfTie} = 3,
    // group {perfect} = 1
    assertThat(scores).isEqualTo(new WinogroundScores(0.4, 0.6, 0.2, 5));
  }

  @Test
  void badLinesPathsAndImagesAreTypedErrors() throws Exception {
    Path root = dataset();
    Path file = root.resolve("examples.jsonl");
    String good = Files.readString(file);
    Files.writeString(file, good + "{\"id\": 3, \"image_0\": \n");
    assertThatThrownBy(() -> WinogroundDataset.load(root))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("line 5");
    Files.writeString(file, good.replace("\"ex_1_img_0\"", "\"../../etc/passwd\""));
    assertThatThrownBy(() -> WinogroundDataset.load(root))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("example 1")
        .hasMessageContaining("image_0")
        .hasMessageContaining("outside");
    Files.writeString(file, good.replace("\"ex_1_img_0\"", "\"/abs/img\""));
    assertThatThrownBy(() -> WinogroundDataset.load(root))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("example 1");
    Files.writeString(file, good);
    Files.delete(root.resolve("images/ex_2_img_1.png"));
    assertThatThrownBy(() -> WinogroundDataset.load(root))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("example 2")
        .hasMessageContaining("ex_2_img_1.png");
    Files.writeString(
        file, good.replace("\"caption_1\": \"a bright dog chases a dark cat\", ", ""));
    assertThatThrownBy(() -> WinogroundDataset.load(root))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("caption_1");
  }

  @Test
  void runnerEndToEnd() throws Exception {
    List<WinogroundExample> examples = WinogroundDataset.load(dataset());
    // prefers dark images for captions that start dark, bright ones for captions that start bright;
    // example 2's captions mention neither, so all four scores tie and it is wrong everywhere
    Fixtures.ScriptedScorer scorer =
        new Fixtures.ScriptedScorer(
            (image, text) -> {
              int dark = text.indexOf("dark");
              int bright = text.indexOf("bright");
              if (dark < 0 && bright < 0) {
                return 1.0;
              }
              boolean wantsDark = bright < 0 || (dark >= 0 && dark < bright);
              return wantsDark ? 255 - Fixtures.grey(image) : Fixtures.grey(image);
            });
    RunSettings settings = Fixtures.settings(dir.resolve("out"), false);
    WinogroundScores scores = WinogroundRunner.run(scorer, examples, settings);
    assertThat(scores).isEqualTo(new WinogroundScores(2.0 / 3, 2.0 / 3, 2.0 / 3, 3));
    assertThat(Files.readAllLines(settings.logFile())).hasSize(3);
    assertThat(ResultFile.readResults(settings.summaryFile()).get("group").asDouble())
        .isEqualTo(2.0 / 3);
    assertThat(
            ResultFile.readResults(settings.predictionsFile())
                .get(2)
                .get("groupCorrect")
                .asBoolean())
        .isFalse();
    assertThat(
            ResultFile.readResults(settings.outputDir().resolve("report.json"))
                .get("text")
                .get("estimate")
                .asDouble())
        .isEqualTo(2.0 / 3);
    assertThat(ResultFile.readProvenance(settings.outputDir().resolve("report.json")).seeds())
        .containsEntry("bootstrap", 0L);
    assertThat(Files.readString(settings.outputDir().resolve("report.md")))
        .startsWith("## Winoground\n")
        .contains("| group | 0.6667 | [");
  }
}
