package ai.taskaware.benchmarks.blink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.taskaware.benchmarks.Fixtures;
import ai.taskaware.benchmarks.harness.RunSettings;
import ai.taskaware.benchmarks.io.BenchmarkDataException;
import ai.taskaware.benchmarks.judge.ChatJudge;
import ai.taskaware.benchmarks.judge.JudgeRequest;
import ai.taskaware.core.provenance.ResultFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlinkTest {

  @TempDir Path dir;

  private Path dataset() {
    Path root = dir.resolve("blink");
    Fixtures.copy("/blink/Art_Style/val.jsonl", root.resolve("Art_Style/val.jsonl"));
    Fixtures.copy("/blink/Counting/val.jsonl", root.resolve("Counting/val.jsonl"));
    for (int q = 1; q <= 2; q++) {
      for (int k = 1; k <= 3; k++) {
        Fixtures.image(
            root.resolve("Art_Style/images/val_Art_Style_" + q + "_" + k + ".jpg"), 40 * k);
      }
      Fixtures.image(root.resolve("Counting/images/val_Counting_" + q + "_1.jpg"), 100);
    }
    return root;
  }

  private static Optional<String> two(String output) {
    return BlinkAnswerExtraction.extract(output, BlinkAnswerExtraction.allChoices(2));
  }

  @Test
  void analyzeAnswerRules() {
    assertThat(two("B")).contains("(B)"); // bare letter
    assertThat(two("(B)")).contains("(B)");
    assertThat(two("E")).contains("(E)"); // any bare A-E, even beyond the choices
    assertThat(two("(C)")).contains("(C)"); // likewise for the exact "(X)" forms
    assertThat(two(" B")).isEmpty(); // not exactly a letter; token "B" is no option token
    assertThat(two("The answer is (B).")).isEmpty(); // token "(B)." is not "(B)"
    assertThat(two("The answer is (B) .")).contains("(B)");
    assertThat(two("the answer is (C)")).isEmpty(); // (C) is not among 2 choices
    assertThat(two("(A) or (B)")).isEmpty(); // several options → fallback
    assertThat(two("(A) looks close, but\n\nthe answer is (B)")).contains("(B)"); // last paragraph
    assertThat(two("(A) is right.\n\nReasoning done")).contains("(A)"); // single option overall
    assertThat(two("(A)\n\n(A)")).contains("(A)");
    assertThat(two("Point B")).isEmpty(); // option text → fallback
    assertThat(two("")).isEmpty();
    assertThat(BlinkAnswerExtraction.lastParagraph("a\n\n\nb")).isEqualTo("\nb");
    assertThat(BlinkAnswerExtraction.pythonSplit("x\u00a0(A)\u2003y"))
        .containsExactly("x", "(A)", "y");
  }

  @Test
  void matcherRequestIsTheOfficialTemplate() {
    JudgeRequest request = BlinkMatcher.request("How many cups?", List.of("1", "2"), "two cups");
    assertThat(request.model()).isEqualTo("gpt-3.5-turbo");
    assertThat(request.temperature()).isEqualTo(0.0);
    assertThat(request.systemMessage()).isEmpty();
    String prompt = request.userMessage();
    assertThat(prompt)
        .startsWith(
            "You are an AI assistant who will help me to match an answer with several options of a"
                + " single-choice question. You are provided with a question, several options, and"
                + " an answer, and you need to find which option is most similar to the answer. If"
                + " the answer says things like refuse to answer, I'm sorry cannot help, etc.,"
                + " output (Z)If the meaning")
        .contains("or (Z)\nExample 1: \nQuestion: Which point is closer to the camera?\n")
        .contains("(C) Point C is on the side of the pspoonot, which is not used for poking.\n")
        .endsWith(
            "Your output: (Z)\nExample 4: \nQuestion: How many cups?\nSelect from the following"
                + " choices?\nOptions: (A) 1\n(B) 2\n(Z) Failed\nAnswer: two cups\nYour output: ");
  }

  @Test
  void subtaskFromIdxAsEvaluatePyParsesIt() {
    Path f = Path.of("val_answers.json");
    assertThat(BlinkSubtasks.ofIdx("val_Multi-view_Reasoning_12", "val", f))
        .isEqualTo("Multi-view_Reasoning");
    assertThat(BlinkSubtasks.ofIdx("val_IQ_Test_3", "val", f)).isEqualTo("IQ_Test");
    assertThatThrownBy(() -> BlinkSubtasks.ofIdx("val_Foo_Bar_1", "val", f))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("unknown BLINK subtask 'Foo_Bar'");
    assertThatThrownBy(() -> BlinkSubtasks.ofIdx("test_Art_Style_1", "val", f))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("test_Art_Style_1");
  }

  @Test
  void scoresAnExistingPredictionsFileAgainstValAnswers() {
    Path answers = Fixtures.copy("/blink/val_answers.json", dir.resolve("val_answers.json"));
    Path predictions = Fixtures.copy("/blink/predictions.json", dir.resolve("preds.json"));
    BlinkScores scores = BlinkScorer.scoreFiles(answers, predictions);
    // Art_Style: 1 right of 2 (null is wrong); Counting: 1 of 3 ("D" != "(D)", _3 missing)
    assertThat(scores.perTask()).containsOnlyKeys("Counting", "Art_Style");
    assertThat(scores.perTask().get("Art_Style")).isEqualTo(0.5);
    assertThat(scores.perTask().get("Counting")).isEqualTo(1.0 / 3);
    assertThat(scores.total()).isCloseTo((0.5 + 1.0 / 3) / 2, within(1e-15));
    assertThat(scores.complete()).isFalse();
    assertThat(scores.missingPredictions()).isEqualTo(2);
    assertThat(scores.percentages().keySet()).containsExactly("Total", "Counting", "Art_Style");
    assertThat(scores.percentages().get("Total")).isCloseTo(41.6666666, within(1e-6));
  }

  @Test
  void totalIsTheMacroMeanOverAllFourteenSubtasks() {
    Map<String, String> answers = new LinkedHashMap<>();
    Map<String, String> predictions = new LinkedHashMap<>();
    for (int t = 0; t < BlinkSubtasks.ALL.size(); t++) {
      String task = BlinkSubtasks.ALL.get(t);
      for (int q = 1; q <= t + 1; q++) { // task t has t+1 questions; only its first is right
        answers.put("val_" + task + "_" + q, "(A)");
        predictions.put("val_" + task + "_" + q, q == 1 ? "(A)" : "(B)");
      }
    }
    BlinkScores scores = BlinkScorer.score(answers, predictions, Path.of("a.json"), "val");
    double expected = 0;
    for (int t = 0; t < 14; t++) {
      expected += 1.0 / (t + 1);
    }
    assertThat(scores.complete()).isTrue();
    assertThat(scores.total()).isCloseTo(expected / 14, within(1e-15));
  }

  @Test
  void loaderErrorsNameRecordAndField() throws Exception {
    Path root = dataset();
    assertThatThrownBy(() -> BlinkDataset.load(root, List.of("Art_Style", "Depth")))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("unknown BLINK subtask 'Depth'");
    Files.delete(root.resolve("Counting/images/val_Counting_2_1.jpg"));
    assertThatThrownBy(() -> BlinkDataset.load(root, List.of("Counting")))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("val_Counting_2")
        .hasMessageContaining("image_1");
    Path file = root.resolve("Counting/val.jsonl");
    Files.writeString(file, Files.readString(file).replace("val_Counting_1", "val_Jigsaw_1"));
    assertThatThrownBy(() -> BlinkDataset.load(root, List.of("Counting")))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("Jigsaw");
  }

  /** Maps outputs it recognizes, (Z) otherwise, like GPT-3.5 told to output (Z) when unsure. */
  static final class ScriptedMatcher implements ChatJudge {
    final List<JudgeRequest> requests = new ArrayList<>();

    @Override
    public synchronized String reply(JudgeRequest request) {
      requests.add(request);
      return request.userMessage().endsWith("Answer: I think the third image\nYour output: ")
          ? "(B)"
          : "(Z)";
    }
  }

  static Fixtures.ScriptedVqaModel model(List<String> prompts) {
    return new Fixtures.ScriptedVqaModel(
        (images, prompt) -> {
          prompts.add(prompt);
          if (prompt.contains("Given the following images of art paintings")) {
            return prompt.startsWith("Some most common") || prompt.contains("Realism")
                ? "(A)"
                : "I think the third image";
          }
          return prompt.contains("cups") ? "There are three cups.\n\n(C)" : "(A) or (B)";
        });
  }

  @Test
  void runnerEndToEndWithAndWithoutTheMatcher() throws Exception {
    List<BlinkQuestion> questions = BlinkDataset.load(dataset(), List.of("Art_Style", "Counting"));
    assertThat(questions.get(0).images()).hasSize(3);
    assertThat(questions.get(2).images()).hasSize(1);
    List<String> prompts = new ArrayList<>();
    ScriptedMatcher matcher = new ScriptedMatcher();
    RunSettings settings = Fixtures.settings(dir.resolve("with"), false);
    BlinkScores scores =
        BlinkRunner.run(model(prompts), matcher, questions, Fixtures.GREEDY, settings);
    // Art_Style: (A) by rule, (B) by matcher → 2/2; Counting: (C) by rule, (Z) wrong → 1/2
    assertThat(scores.perTask()).containsEntry("Art_Style", 1.0).containsEntry("Counting", 0.5);
    assertThat(scores.total()).isEqualTo(0.75);
    assertThat(matcher.requests).hasSize(2);
    assertThat(prompts.get(0)).startsWith("Disclaimer: This is not to make unfair assumptions");
    assertThat(prompts.get(2)).startsWith("How many cups are in the image?");
    List<String> lines = Files.readAllLines(settings.logFile());
    assertThat(lines).hasSize(4);
    assertThat(lines.get(1)).contains("\"extraction\":\"judge\"");
    assertThat(ResultFile.readResults(settings.summaryFile()).get("total").asDouble())
        .isEqualTo(0.75);

    RunSettings without = Fixtures.settings(dir.resolve("without"), false);
    BlinkScores rulesOnly =
        BlinkRunner.run(model(new ArrayList<>()), null, questions, Fixtures.GREEDY, without);
    assertThat(rulesOnly.total()).isEqualTo(0.5);
    assertThat(Files.readAllLines(without.logFile()).get(1))
        .contains("\"prediction\":null")
        .contains("\"extraction\":\"unanswered\"");
  }
}
