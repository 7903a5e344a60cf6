package ai.taskaware.benchmarks.mmvpvlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.taskaware.benchmarks.Fixtures;
import ai.taskaware.benchmarks.harness.RunSettings;
import ai.taskaware.benchmarks.io.BenchmarkDataException;
import ai.taskaware.core.provenance.ResultFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MmvpVlmTest {

  @TempDir Path dir;

  @Test
  void loaderReadsBomAndQuotedStatementsAndImagePathsFromTheFirstRowsType() {
    Path root = dir.resolve("MMVP_VLM");
    Fixtures.copy("/mmvpvlm/Questions.csv", root.resolve("Questions.csv"));
    Fixtures.image(root.resolve("MLLM_VLM Images/Orientation and Direction/1.jpg"), 10);
    Fixtures.image(root.resolve("MLLM_VLM Images/Orientation and Direction/2.jpg"), 10);
    List<MmvpVlmPair> pairs = MmvpVlmDataset.load(root);
    assertThat(pairs).hasSize(1);
    assertThat(pairs.get(0).text1())
        .isEqualTo("a photo of The school bus is parked facing the camera, not sideways");
    assertThat(pairs.get(0).image2())
        .isEqualTo(
            root.resolve("MLLM_VLM Images/Orientation and Direction/2.jpg").toAbsolutePath());
  }

  @Test
  void rowsWithoutExactlyThreeFieldsAndMissingImagesAreTypedErrors() throws Exception {
    Path root = dir.resolve("bad");
    Files.createDirectories(root);
    Files.writeString(root.resolve("Questions.csv"), "id,type,statement\n1,Texts,a,b\n2,Texts,c\n");
    assertThatThrownBy(() -> MmvpVlmDataset.load(root))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("row 1")
        .hasMessageContaining("3 fields");
    Files.writeString(root.resolve("Questions.csv"), "id,type,statement\n1,Texts,a\n2,Texts,c\n");
    assertThatThrownBy(() -> MmvpVlmDataset.load(root))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("Texts/1.jpg");
  }

  private static MmvpVlmPair pair(int qid1) {
    return new MmvpVlmPair(qid1, qid1 + 1, "T", "s1", "s2", Path.of("a"), Path.of("b"));
  }

  @Test
  void perStatementSoftmaxOverTheTwoImagesWithStrictHalf() {
    // scores[image][text]; statement 1 ties → p = 0.5 → "img2" (pred = img1 only if p > 0.5)
    MmvpVlmRecord tie = MmvpVlmScorer.decide(pair(1), new double[][] {{0.3, 0.1}, {0.3, 0.9}});
    assertThat(tie.q1score()).isEqualTo(0.5);
    assertThat(tie.pred1()).isEqualTo("img2");
    assertThat(tie.gt1()).isEqualTo("img1");
    assertThat(tie.pred2()).isEqualTo("img2");
    assertThat(tie.correct()).isFalse();
    // logits 2 vs 0: p(img1 | text1) = 1 / (1 + e^-2)
    MmvpVlmRecord right = MmvpVlmScorer.decide(pair(1), new double[][] {{2, 0}, {0, 1}});
    assertThat(right.q1score()).isCloseTo(1 / (1 + Math.exp(-2)), within(1e-15));
    assertThat(right.correct()).isTrue();
    // ground truth is by qid parity, not by position: qid1 even → statement 1 belongs to img2
    assertThat(MmvpVlmScorer.decide(pair(2), new double[][] {{0, 2}, {1, 0}}).correct()).isTrue();
  }

  private static MmvpVlmRecord outcome(boolean correct) {
    return new MmvpVlmRecord(1, 2, correct ? "img1" : "img2", "img2", "img1", "img2", 0, 0);
  }

  @Test
  void patternAccuracyIsCorrectPairsOverNumPairsDivNine() {
    List<MmvpVlmRecord> records = new ArrayList<>();
    for (int n = 0; n < 135; n++) {
      records.add(outcome(n < 15 || (n >= 15 && n < 18))); // pattern 0: 15/15, pattern 1: 3/15
    }
    MmvpVlmScores scores = MmvpVlmScorer.score(records);
    assertThat(scores.perPattern().get("Orientation and Direction")).isEqualTo(100.0);
    assertThat(scores.perPattern().get("Presence of Specific Features")).isEqualTo(20.0);
    assertThat(scores.perPattern().get("Viewpoint and Perspective")).isEqualTo(0.0);
    assertThat(scores.average()).isCloseTo(120.0 / 9, within(1e-12));

    // 27 pairs: the script still files pairs by n // 15 but divides by 27 // 9 = 3
    List<MmvpVlmRecord> short27 = new ArrayList<>();
    for (int n = 0; n < 27; n++) {
      short27.add(outcome(true));
    }
    MmvpVlmScores partial = MmvpVlmScorer.score(short27);
    assertThat(partial.perPattern().get("Orientation and Direction")).isEqualTo(500.0);
    assertThat(partial.perPattern().get("Presence of Specific Features")).isEqualTo(400.0);
    assertThatThrownBy(() -> MmvpVlmScorer.score(short27.subList(0, 8)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void runnerEndToEndOverAll135Pairs() throws Exception {
    Path root = dir.resolve("full");
    StringBuilder csv = new StringBuilder("Question ID,Type,Statement\n");
    for (int qid = 1; qid <= 270; qid++) {
      String type = MmvpVlmScorer.PATTERNS.get((qid - 1) / 30);
      boolean odd = qid % 2 == 1;
      csv.append(qid)
          .append(',')
          .append(type)
          .append(',')
          .append(odd ? "a bright, shiny thing" : "a dark thing");
      csv.append('\n');
      // pattern 8's images are swapped, so its pairs are all wrong
      boolean bright = odd != (qid > 240);
      Fixtures.image(
          root.resolve("MLLM_VLM Images/" + type + "/" + qid + ".jpg"), bright ? 220 : 30);
    }
    Files.writeString(
        root.resolve("Questions.csv"),
        csv.toString().replace("a bright, shiny thing", "\"a bright, shiny thing\""));
    List<MmvpVlmPair> pairs = MmvpVlmDataset.load(root);
    assertThat(pairs).hasSize(135);
    Fixtures.ScriptedScorer scorer =
        new Fixtures.ScriptedScorer(
            (image, text) ->
                text.contains("bright") ? Fixtures.grey(image) : 255 - Fixtures.grey(image));
    RunSettings settings = Fixtures.settings(dir.resolve("out"), false);
    MmvpVlmScores scores = MmvpVlmRunner.run(scorer, pairs, settings);
    assertThat(scorer.calls()).isEqualTo(135);
    for (int p = 0; p < 8; p++) {
      assertThat(scores.perPattern().get(MmvpVlmScorer.PATTERNS.get(p))).isEqualTo(100.0);
    }
    assertThat(scores.perPattern().get("Viewpoint and Perspective")).isEqualTo(0.0);
    assertThat(scores.average()).isCloseTo(800.0 / 9, within(1e-12));
    assertThat(Files.readAllLines(settings.logFile())).hasSize(135);
    assertThat(ResultFile.readResults(settings.summaryFile()).get("average").asDouble())
        .isCloseTo(800.0 / 9, within(1e-12));
  }
}
