package ai.taskaware.benchmarks.mmvp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.benchmarks.Fixtures;
import ai.taskaware.benchmarks.harness.RunSettings;
import ai.taskaware.benchmarks.io.BenchmarkDataException;
import ai.taskaware.benchmarks.judge.ChatJudge;
import ai.taskaware.benchmarks.judge.JudgeRequest;
import ai.taskaware.core.provenance.ResultFile;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MmvpTest {

  @TempDir Path dir;

  /** The fixture: the published CSV (BOM, quoted options with commas) and four images. */
  private Path dataset() {
    Path root = dir.resolve("MMVP");
    Fixtures.copy("/mmvp/Questions.csv", root.resolve("Questions.csv"));
    int[] grey = {30, 220, 30, 220};
    for (int i = 1; i <= 4; i++) {
      Fixtures.image(root.resolve("MMVP Images/" + i + ".jpg"), grey[i - 1]);
    }
    return root;
  }

  @Test
  void loadsThePublishedCsvWithBomAndQuotedCommas() {
    List<MmvpQuestion> questions = MmvpDataset.load(dataset(), false);
    assertThat(questions).hasSize(4);
    assertThat(questions.get(2).prompt())
        .isEqualTo("Is the dog facing left, or right, from the camera's view? (a) Left (b) Right");
    assertThat(questions.get(0).correctAnswer()).isEqualTo("(a)");
    assertThat(questions.get(3).image().getFileName().toString()).isEqualTo("4.jpg");
  }

  @Test
  void graderRequestIsTheOfficialPromptWordForWord() {
    JudgeRequest request = MmvpGrader.request("Is it open? (a) Open (b) Closed", "(a)", "(a) Open");
    assertThat(request.model()).isEqualTo("gpt-4-0314");
    assertThat(request.temperature()).isEqualTo(0.2);
    assertThat(request.maxTokens()).isEmpty();
    assertThat(request.systemMessage())
        .isEqualTo(
            "You are a helpful and precise assistant for checking the quality of the answer."
                + " Please answer in only yes or no.");
    assertThat(request.userMessage())
        .isEqualTo(
            "Given the following question Is it open? (a) Open (b) Closed, the correct answer is"
                + " (a). Does the following answer correctly answers the question, answer:(a)"
                + " Open?");
  }

  @Test
  void gradeFollowsTheYesNoRegexAndLowercasing() {
    assertThat(MmvpGrader.grade("Yes")).isEqualTo("yes");
    assertThat(MmvpGrader.grade("NO")).isEqualTo("no");
    // re.match(r"^(yes|no)$") accepts a final "\n" but the grade is then "yes\n", not "yes"
    assertThat(MmvpGrader.grade("Yes\n")).isEqualTo("yes\n");
    assertThat(MmvpGrader.isCorrect(MmvpGrader.grade("Yes\n"))).isFalse();
    assertThat(MmvpGrader.grade("Yes.")).isEqualTo(MmvpGrader.UNDETERMINED);
    assertThat(MmvpGrader.grade("yes\r\n")).isEqualTo(MmvpGrader.UNDETERMINED);
    assertThat(MmvpGrader.grade(" yes")).isEqualTo(MmvpGrader.UNDETERMINED);
    assertThat(MmvpGrader.grade("Yes, it does.")).isEqualTo(MmvpGrader.UNDETERMINED);
  }

  private static MmvpRecord graded(int id, String reply) {
    return new MmvpRecord(id, "p", "(a)", "r", reply, MmvpGrader.grade(reply));
  }

  @Test
  void pairCountsOnlyWhenBothAnswersAreGradedYes() {
    List<MmvpRecord> records =
        List.of(
            graded(1, "yes"),
            graded(2, "Yes"), // pair 1 correct
            graded(3, "yes"),
            graded(4, "Yes\n"), // pair 2: "yes\n" is not "yes"
            graded(5, "no"),
            graded(6, "I think so"), // pair 3 wrong; undetermined
            graded(7, "yes")); // unpaired trailing line: ignored
    MmvpScores scores = MmvpScorer.score(records);
    // hand count: 3 pairs, 1 correct → 1/3; yes grades: lines 1, 2, 3, 7 = 4; undetermined 1
    assertThat(scores).isEqualTo(new MmvpScores(3, 1, 1.0 / 3, 4, 1));
  }

  @Test
  void labelFixesAreOffByDefaultAndReplaceRows100And280() throws Exception {
    Path root = dir.resolve("big");
    StringBuilder csv = new StringBuilder("Index,Question,Options,Correct Answer\n");
    for (int i = 1; i <= 280; i++) {
      csv.append(i).append(",Q").append(i).append("?,(a) X (b) Y,(b)\n");
      Files.createDirectories(root.resolve("MMVP Images"));
      Files.createFile(root.resolve("MMVP Images/" + i + ".jpg"));
    }
    Files.writeString(root.resolve("Questions.csv"), csv);
    assertThat(MmvpDataset.load(root, false).get(99).correctAnswer()).isEqualTo("(b)");
    List<MmvpQuestion> fixed = MmvpDataset.load(root, true);
    assertThat(fixed.get(99).correctAnswer()).isEqualTo("(a)");
    assertThat(fixed.get(279).correctAnswer()).isEqualTo("(a)");
    assertThat(fixed.get(98).correctAnswer()).isEqualTo("(b)");
    assertThat(fixed.get(278).correctAnswer()).isEqualTo("(b)");

    Files.writeString(
        root.resolve("Questions.csv"),
        csv.toString().replace("100,Q100?,(a) X (b) Y,(b)", "100,Q100?,(a) X (b) Y,(c)"));
    assertThatThrownBy(() -> MmvpDataset.load(root, true))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("row 100")
        .hasMessageContaining("Correct Answer");
  }

  @Test
  void badFilesAreTypedErrorsNamingRowAndField() throws Exception {
    Path root = dataset();
    Files.delete(root.resolve("MMVP Images/3.jpg"));
    assertThatThrownBy(() -> MmvpDataset.load(root, false))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("row 3")
        .hasMessageContaining("3.jpg");
    Fixtures.image(root.resolve("MMVP Images/3.jpg"), 1);

    String original = Files.readString(root.resolve("Questions.csv"));
    Files.writeString(root.resolve("Questions.csv"), original.replace("\n2,", "\n7,"));
    assertThatThrownBy(() -> MmvpDataset.load(root, false))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("row 2")
        .hasMessageContaining("Index");

    Files.writeString(
        root.resolve("Questions.csv"), original.substring(0, original.lastIndexOf("4,")));
    assertThatThrownBy(() -> MmvpDataset.load(root, false))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("even");
  }

  /** Says yes when the answer starts with the correct option, as a well-behaved grader would. */
  static final class OptionJudge implements ChatJudge {
    private static final Pattern ASK =
        Pattern.compile("the correct answer is (.*?)\\. Does .*answer:(.*)\\?$", Pattern.DOTALL);
    final List<JudgeRequest> requests = new ArrayList<>();

    @Override
    public synchronized String reply(JudgeRequest request) {
      requests.add(request);
      Matcher m = ASK.matcher(request.userMessage());
      if (!m.find()) {
        throw new AssertionError("unexpected grader request: " + request.userMessage());
      }
      return m.group(2).startsWith(m.group(1)) ? "Yes" : "No";
    }
  }

  private static Fixtures.ScriptedVqaModel darkMeansA(int failAfter) {
    return new Fixtures.ScriptedVqaModel(
        (images, prompt) -> Fixtures.grey(images.get(0)) < 128 ? "(a) first" : "(b) second",
        failAfter);
  }

  @Test
  void runnerEndToEndWritesPredictionsAndSummary() throws Exception {
    List<MmvpQuestion> questions = MmvpDataset.load(dataset(), false);
    RunSettings settings = Fixtures.settings(dir.resolve("out"), false);
    OptionJudge judge = new OptionJudge();
    MmvpScores scores =
        MmvpRunner.run(
            darkMeansA(Integer.MAX_VALUE),
            MmvpGrader.using(judge),
            questions,
            Fixtures.GREEDY,
            settings);
    // rows 1 (dark, (a)) and 2 (bright, (b)) right; rows 3 (dark→(a), gold (b)) and 4 wrong
    assertThat(scores).isEqualTo(new MmvpScores(2, 1, 0.5, 2, 0));
    assertThat(Files.readAllLines(settings.logFile())).hasSize(4);
    assertThat(judge.requests).hasSize(4);
    JsonNode summary = ResultFile.readResults(settings.summaryFile());
    assertThat(summary.get("accuracy").asDouble()).isEqualTo(0.5);
    assertThat(ResultFile.readProvenance(settings.summaryFile()).options())
        .containsEntry("benchmark", "mmvp")
        .containsEntry("judge", "gpt-grader:gpt-4-0314");
  }

  @Test
  void interruptedRunResumesToTheSameReport() throws Exception {
    List<MmvpQuestion> questions = MmvpDataset.load(dataset(), false);
    RunSettings full = Fixtures.settings(dir.resolve("full"), false);
    MmvpRunner.run(
        darkMeansA(Integer.MAX_VALUE),
        MmvpGrader.using(new OptionJudge()),
        questions,
        Fixtures.GREEDY,
        full);

    RunSettings killed = Fixtures.settings(dir.resolve("killed"), true);
    assertThatThrownBy(
            () ->
                MmvpRunner.run(
                    darkMeansA(3),
                    MmvpGrader.using(new OptionJudge()),
                    questions,
                    Fixtures.GREEDY,
                    killed))
        .hasMessageContaining("simulated kill");
    assertThat(Files.readAllLines(killed.logFile())).hasSize(3);
    assertThat(Files.exists(killed.summaryFile())).isFalse();
    // a kill during a write leaves a partial line; resume must cut it off
    Files.writeString(
        killed.logFile(), "{\"questionId\":4,\"prom", java.nio.file.StandardOpenOption.APPEND);

    Fixtures.ScriptedVqaModel second = darkMeansA(Integer.MAX_VALUE);
    OptionJudge secondJudge = new OptionJudge();
    MmvpRunner.run(second, MmvpGrader.using(secondJudge), questions, Fixtures.GREEDY, killed);
    assertThat(second.calls()).isEqualTo(1);
    assertThat(secondJudge.requests).hasSize(1);
    assertThat(Files.readAllLines(killed.logFile())).isEqualTo(Files.readAllLines(full.logFile()));
    assertThat(ResultFile.readResults(killed.summaryFile()))
        .isEqualTo(ResultFile.readResults(full.summaryFile()));
  }

  @Test
  void gradesAnExistingEvaluateMllmAnswerFile() {
    Path answers = Fixtures.copy("/mmvp/answer.jsonl", dir.resolve("answer.jsonl"));
    OptionJudge judge = new OptionJudge();
    List<MmvpRecord> records = MmvpAnswerFile.grade(answers, MmvpGrader.using(judge));
    assertThat(records).extracting(MmvpRecord::grade).containsExactly("yes", "yes", "no", "yes");
    // pair 1 both yes; pair 2 has a "no"
    assertThat(MmvpScorer.score(records)).isEqualTo(new MmvpScores(2, 1, 0.5, 3, 0));
    assertThat(judge.requests.get(2).userMessage())
        .isEqualTo(
            "Given the following question Is the dog facing left, or right, from the camera's"
                + " view? (a) Left (b) Right, the correct answer is (b). Does the following answer"
                + " correctly answers the question, answer:(a) Left?");
  }
}
