package ai.taskaware.benchmarks.gqa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.benchmarks.Fixtures;
import ai.taskaware.benchmarks.harness.RunSettings;
import ai.taskaware.benchmarks.io.BenchmarkDataException;
import ai.taskaware.core.provenance.ResultFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GqaTest {

  @TempDir Path dir;

  private Path dataset() {
    Path root = dir.resolve("gqa");
    Fixtures.copy("/gqa/testdev_balanced_questions.json", root.resolve(GqaDataset.QUESTIONS));
    Fixtures.image(root.resolve("images/n288870.jpg"), 30);
    Fixtures.image(root.resolve("images/n161313.jpg"), 220);
    return root;
  }

  @Test
  void normalizationIsRstripDotThenLower() {
    assertThat(GqaScorer.normalize("Yes.")).isEqualTo("yes");
    assertThat(GqaScorer.normalize("Left...")).isEqualTo("left");
    assertThat(GqaScorer.normalize("U.S.")).isEqualTo("u.s");
    assertThat(GqaScorer.normalize(".")).isEmpty();
    assertThat(GqaScorer.normalize("T-Shirt. ")).isEqualTo("t-shirt. "); // only trailing dots go
  }

  @Test
  void loadsQuestionsInFileOrderAndBuildsLlavasPrompt() {
    List<GqaQuestion> all = GqaDataset.load(dataset(), false);
    assertThat(all)
        .extracting(GqaQuestion::questionId)
        .containsExactly("20968379", "20968380", "20968381", "201307251", "201640614");
    assertThat(all.get(0).prompt())
        .isEqualTo(
            "Do the shorts have dark color?\nAnswer the question using a single word or phrase.");
    assertThat(GqaDataset.load(dataset(), true)).hasSize(4);
  }

  @Test
  void exactMatchOverBalancedQuestionsOnly() {
    List<GqaQuestion> questions = GqaDataset.load(dataset(), false);
    Path file = Fixtures.copy("/gqa/predictions.json", dir.resolve("preds.json"));
    Map<String, String> predictions = GqaDataset.readPredictions(file);
    GqaScores scores = GqaScorer.score(questions, predictions, file);
    // balanced: yes ✓ (verify), right ✗ (query), outdoors ✓ (choose), blue ✓ (query);
    // the unbalanced t-shirt question has no prediction and is not needed
    assertThat(scores).isEqualTo(new GqaScores(0.75, 1.0, 0.5, 4));
  }

  @Test
  void missingPredictionsAndMalformedRecordsAreTypedErrors() throws Exception {
    List<GqaQuestion> questions = GqaDataset.load(dataset(), false);
    assertThatThrownBy(
            () -> GqaScorer.score(questions, Map.of("20968379", "yes"), Path.of("p.json")))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("20968380");
    Path root = dataset();
    Path file = root.resolve(GqaDataset.QUESTIONS);
    Files.writeString(
        file, Files.readString(file).replace("\"isBalanced\": false", "\"isBalanced\": \"no\""));
    assertThatThrownBy(() -> GqaDataset.load(root, false))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("record '20968381'")
        .hasMessageContaining("isBalanced");
    Files.writeString(
        file,
        "{\"1\": {\"question\": \"q\", \"imageId\": \"../../x\", \"isBalanced\": true, \"answer\": \"a\"}}");
    assertThatThrownBy(() -> GqaDataset.load(root, false))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("outside");
    Path preds = dir.resolve("bad.json");
    Files.writeString(preds, "[{\"questionId\": \"1\"}]");
    assertThatThrownBy(() -> GqaDataset.readPredictions(preds))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("element 0")
        .hasMessageContaining("prediction");
  }

  @Test
  void runnerEndToEndAsksBalancedQuestionsOnly() throws Exception {
    List<GqaQuestion> questions = GqaDataset.load(dataset(), false);
    List<String> prompts = new ArrayList<>();
    Fixtures.ScriptedVqaModel model =
        new Fixtures.ScriptedVqaModel(
            (images, prompt) -> {
              prompts.add(prompt);
              if (prompt.startsWith("Do the shorts")) {
                return "Yes.";
              }
              if (prompt.startsWith("Which side")) {
                return "Left";
              }
              if (prompt.startsWith("Is it indoors")) {
                return Fixtures.grey(images.get(0)) > 128 ? "Outdoors." : "Indoors.";
              }
              return "Blue sky.";
            });
    RunSettings settings = Fixtures.settings(dir.resolve("out"), false);
    GqaScores scores = GqaRunner.run(model, questions, Fixtures.GREEDY, settings);
    // yes ✓, left ✓, outdoors ✓, "blue sky" ✗ (exact match)
    assertThat(scores).isEqualTo(new GqaScores(0.75, 1.0, 0.5, 4));
    assertThat(prompts).hasSize(4).noneMatch(p -> p.startsWith("What is the man wearing"));
    assertThat(Files.readAllLines(settings.logFile()).get(0)).contains("\"prediction\":\"yes\"");
    assertThat(ResultFile.readResults(settings.summaryFile()).get("accuracy").asDouble())
        .isEqualTo(0.75);
  }
}
