package ai.taskaware.benchmarks.naturalbench;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NaturalBenchTest {

  @TempDir Path dir;

  private Path dataset() {
    Path root = dir.resolve("naturalbench");
    Fixtures.copy("/naturalbench/naturalbench.jsonl", root.resolve("naturalbench.jsonl"));
    for (int k = 0; k < 3; k++) {
      Fixtures.image(root.resolve("images/" + k + "_0.png"), 30);
      Fixtures.image(root.resolve("images/" + k + "_1.png"), 220);
    }
    return root;
  }

  @Test
  void extractAnswerFindsTheFirstWholeWordCaseInsensitively() {
    QuestionType yn = QuestionType.YES_NO;
    assertThat(AnswerExtraction.extract("Yes", yn)).isEqualTo(1);
    assertThat(AnswerExtraction.extract("NO.", yn)).isEqualTo(0);
    assertThat(AnswerExtraction.extract("Yes and no", yn)).isEqualTo(1);
    assertThat(AnswerExtraction.extract("No, yes", yn)).isEqualTo(0);
    assertThat(AnswerExtraction.extract("yesterday I didn't know", yn)).isEqualTo(-1);
    assertThat(AnswerExtraction.extract("Nope", yn)).isEqualTo(-1);
    assertThat(AnswerExtraction.extract("", yn)).isEqualTo(-1);
    QuestionType mc = QuestionType.MULTIPLE_CHOICE;
    assertThat(AnswerExtraction.extract("A", mc)).isEqualTo(1);
    assertThat(AnswerExtraction.extract("(B)", mc)).isEqualTo(0);
    assertThat(AnswerExtraction.extract("b", mc)).isEqualTo(0);
    assertThat(AnswerExtraction.extract("AB", mc)).isEqualTo(-1);
    // the official quirk: the article "a" is option A when it comes first
    assertThat(AnswerExtraction.extract("It is a bright cat, so B", mc)).isEqualTo(1);
    assertThat(AnswerExtraction.extract("B is a dark cat", mc)).isEqualTo(0);
  }

  @Test
  void loadsBothQuestionTypeSpellingsAndBuildsTheOfficialPrompt() {
    List<NaturalBenchSample> samples = NaturalBenchDataset.load(dataset());
    assertThat(samples).hasSize(3);
    assertThat(samples.get(0).prompt(0)).isEqualTo("Is the cat dark?Please answer Yes or No.");
    assertThat(samples.get(1).prompt(1))
        .isEqualTo(
            "Which shade is the cat? A. bright B. darkPlease output the letter corresponding to"
                + " the correct option.");
    assertThat(samples.get(2).type()).isEqualTo(QuestionType.YES_NO);
    assertThat(samples.get(1).source()).isEmpty();
  }

  @Test
  void goldenScoresFromHandCountedCells() {
    List<NaturalBenchSample> samples = NaturalBenchDataset.load(dataset());
    List<NaturalBenchRecord> records =
        List.of(
            // cells q0_i0, q0_i1, q1_i0, q1_i1: right, right, right, unanswered
            NaturalBenchScorer.decide(
                samples.get(0), List.of("Yes, it is.", "No.", "no", "I cannot tell")),
            // right, wrong ("a" read as A), right, right
            NaturalBenchScorer.decide(
                samples.get(1), List.of("A", "It is a bright cat, so B", "B is a dark cat", "A")),
            // other stored layout, all four right
            NaturalBenchScorer.decide(samples.get(2), List.of("No", "Yes", "Yes", "No")));
    NaturalBenchScores scores = NaturalBenchScorer.score(records);
    // questions right: s0 {q0}, s1 {q1}, s2 {q0,q1} = 4 of 6; images: s0 {i0}, s1 {i0}, s2 both = 4
    // of 6; cells 3 + 3 + 4 = 10 of 12; groups: s2 only = 1 of 3; one unanswered cell
    assertThat(scores)
        .isEqualTo(new NaturalBenchScores(4 / 6.0, 4 / 6.0, 10 / 12.0, 1 / 3.0, 3, 1));
  }

  @Test
  void storedAnswerRuleEqualsTheHardCodedGetScoresOnThePublishedLayout() {
    NaturalBenchSample sample = NaturalBenchDataset.load(dataset()).get(0);
    String[] outputs = {"Yes", "No", "maybe"};
    int[] values = {1, 0, -1};
    for (int code = 0; code < 81; code++) {
      int[] v = new int[4];
      List<String> out = new ArrayList<>();
      for (int c = 0, rest = code; c < 4; c++, rest /= 3) {
        v[c] = values[rest % 3];
        out.add(outputs[rest % 3]);
      }
      NaturalBenchScores ours =
          NaturalBenchScorer.score(List.of(NaturalBenchScorer.decide(sample, out)));
      // get_scores with its hard-coded layout: q0_i0=1, q0_i1=0, q1_i0=0, q1_i1=1
      int q = (v[0] == 1 && v[1] == 0 ? 1 : 0) + (v[3] == 1 && v[2] == 0 ? 1 : 0);
      int i = (v[0] == 1 && v[2] == 0 ? 1 : 0) + (v[3] == 1 && v[1] == 0 ? 1 : 0);
      int b = (v[0] == 1 ? 1 : 0) + (v[1] == 0 ? 1 : 0) + (v[2] == 0 ? 1 : 0) + (v[3] == 1 ? 1 : 0);
      int g = q == 2 && i == 2 ? 1 : 0;
      assertThat(ours.qAcc()).isEqualTo(q / 2.0);
      assertThat(ours.iAcc()).isEqualTo(i / 2.0);
      assertThat(ours.acc()).isEqualTo(b / 4.0);
      assertThat(ours.gAcc()).isEqualTo(g);
    }
  }

  @Test
  void badSamplesAreTypedErrors() throws Exception {
    Path root = dataset();
    Path file = root.resolve("naturalbench.jsonl");
    String good = Files.readString(file);
    Files.writeString(
        file,
        good.replace(
            "\"yes_no\", \"Source\": \"synthetic\"", "\"open\", \"Source\": \"synthetic\""));
    assertThatThrownBy(() -> NaturalBenchDataset.load(root))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("line 1")
        .hasMessageContaining("Question_Type");
    Files.writeString(
        file, good.replace("\"Image_1_Question_1\": \"A\"", "\"Image_1_Question_1\": \"C\""));
    assertThatThrownBy(() -> NaturalBenchDataset.load(root))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("Index 1")
        .hasMessageContaining("Image_1_Question_1");
    Files.writeString(file, good.replace("images/2_1.png", "../2_1.png"));
    assertThatThrownBy(() -> NaturalBenchDataset.load(root))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("Index 2")
        .hasMessageContaining("outside");
    Files.writeString(file, good);
    Files.delete(root.resolve("images/1_0.png"));
    assertThatThrownBy(() -> NaturalBenchDataset.load(root))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("Index 1")
        .hasMessageContaining("Image_0");
  }

  private static final Pattern OPTIONS = Pattern.compile("A\\. (\\w+) B\\. (\\w+)");

  @Test
  void runnerEndToEnd() throws Exception {
    List<NaturalBenchSample> samples = NaturalBenchDataset.load(dataset());
    List<String> prompts = new ArrayList<>();
    Fixtures.ScriptedVqaModel model = shadeModel(prompts);
    RunSettings settings = Fixtures.settings(dir.resolve("out"), false);
    NaturalBenchScores scores = NaturalBenchRunner.run(model, samples, Fixtures.GREEDY, settings);
    assertThat(scores).isEqualTo(new NaturalBenchScores(1, 1, 1, 1, 3, 0));
    assertThat(model.calls()).isEqualTo(12);
    assertThat(prompts.get(0)).isEqualTo("Is the cat dark?Please answer Yes or No.");
    assertThat(prompts.get(2)).isEqualTo("Is the cat bright?Please answer Yes or No.");
    assertThat(Files.readAllLines(settings.logFile())).hasSize(3);
    assertThat(ResultFile.readResults(settings.summaryFile()).get("gAcc").asDouble())
        .isEqualTo(1.0);
  }

  /** Answers every question right by the image's shade, recording the prompts. */
  static Fixtures.ScriptedVqaModel shadeModel(List<String> prompts) {
    return new Fixtures.ScriptedVqaModel(
        (images, prompt) -> {
          synchronized (prompts) {
            prompts.add(prompt);
          }
          String shade = Fixtures.grey(images.get(0)) < 128 ? "dark" : "bright";
          Matcher m = OPTIONS.matcher(prompt);
          if (m.find()) {
            return m.group(1).equals(shade) ? "A" : "B";
          }
          return prompt.contains(shade + "?") ? "Yes." : "No.";
        });
  }
}
