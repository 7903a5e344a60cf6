package ai.taskaware.benchmarks.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.benchmarks.Fixtures;
import ai.taskaware.benchmarks.mmvp.MmvpAnswerFile;
import ai.taskaware.benchmarks.mmvp.MmvpGrader;
import ai.taskaware.benchmarks.mmvp.MmvpQuestion;
import ai.taskaware.benchmarks.mmvp.MmvpRecord;
import ai.taskaware.benchmarks.mmvp.MmvpScorer;
import ai.taskaware.benchmarks.mmvp.MmvpScores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deterministic judges, the GPT grader as an AnswerJudge, and the judge's environment. */
class AnswerJudgeTest {

  @TempDir Path dir;

  private static final List<String> OPEN_CLOSED = List.of("Open", "Closed");

  private static Verdict option(String key, String response) {
    return new OptionMatchJudge()
        .judge(new JudgedAnswer("Open or closed? (a) Open (b) Closed", OPEN_CLOSED, key, response));
  }

  @Test
  void optionMatchingPicksByLetterThenByOptionText() {
    // a label alone, in any form and case
    for (String r : List.of("a", "(a)", "A", "(A)", "a.", "a)", " (a) \n")) {
      assertThat(option("(a)", r)).as(r).isEqualTo(new Verdict("yes", "(a)"));
    }
    // a leading label wins over later text
    assertThat(option("(b)", "(b) Closed, not open")).isEqualTo(new Verdict("yes", "(b)"));
    assertThat(option("(b)", "B. Open")).isEqualTo(new Verdict("yes", "(b)"));
    // one parenthesized label anywhere
    assertThat(option("(a)", "I think the answer is (b).")).isEqualTo(new Verdict("no", "(b)"));
    // option text as whole words, case-insensitive; "a" as an article is not a label here
    assertThat(option("(b)", "The wings are closed.")).isEqualTo(new Verdict("yes", "(b)"));
    assertThat(option("Closed", "They look a bit open")).isEqualTo(new Verdict("no", "(a)"));
    assertThat(option("(a)", "Reopened")).isEqualTo(new Verdict(Verdict.UNDETERMINED, ""));
    // both options named, or a label beyond the options: undetermined, not correct
    Verdict both = option("(a)", "Either open or closed");
    assertThat(both.grade()).isEqualTo(Verdict.UNDETERMINED);
    assertThat(both.correct()).isFalse();
    assertThat(option("(a)", "(c)").grade()).isEqualTo(Verdict.UNDETERMINED);
  }

  @Test
  void optionMatchingRejectsAKeyOutsideTheOptionsAndOpenQuestions() {
    assertThatThrownBy(() -> option("(c)", "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("answer key '(c)'")
        .hasMessageContaining("(a) Open (b) Closed");
    assertThatThrownBy(
            () -> new OptionMatchJudge().judge(new JudgedAnswer("What?", List.of(), "x", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exact matching");
  }

  @Test
  void exactMatchNormalizesWhitespaceTrailingDotsAndCase() {
    ExactMatchJudge exact = new ExactMatchJudge();
    assertThat(exact.judge(new JudgedAnswer("q", List.of(), "t-shirt", "  T-Shirt.. \n")))
        .isEqualTo(new Verdict("yes", "t-shirt"));
    assertThat(exact.judge(new JudgedAnswer("q", List.of(), "left", "the left")))
        .isEqualTo(new Verdict("no", "the left"));
    assertThat(ExactMatchJudge.normalize("U.S.")).isEqualTo("u.s");
    assertThat(ExactMatchJudge.normalize("Red   and\tBlue.")).isEqualTo("red and blue");
  }

  @Test
  void mmvpOptionsAreReadFromTheOptionsTextOrAWholePrompt() {
    assertThat(MmvpQuestion.optionTexts("(a) Open (b) Closed")).isEqualTo(OPEN_CLOSED);
    assertThat(MmvpQuestion.optionTexts("Is it (roughly) open? (a) Open (b) Closed"))
        .isEqualTo(OPEN_CLOSED);
    assertThat(MmvpQuestion.optionTexts("no options")).isEmpty();
  }

  @Test
  void gptGraderIsAnAnswerJudgeWithTheOfficialRequestAndYesNoRule() {
    List<JudgeRequest> asked = new ArrayList<>();
    ChatJudge chat =
        request -> {
          asked.add(request);
          return asked.size() == 1 ? "Yes" : "Maybe";
        };
    MmvpGrader grader = MmvpGrader.using(chat);
    JudgedAnswer answer =
        new JudgedAnswer("Open? (a) Open (b) Closed", OPEN_CLOSED, "(a)", "(a) Open");
    assertThat(grader.judge(answer)).isEqualTo(new Verdict("yes", "Yes"));
    assertThat(asked.get(0))
        .isEqualTo(MmvpGrader.request("Open? (a) Open (b) Closed", "(a)", "(a) Open"));
    assertThat(grader.judge(answer)).isEqualTo(new Verdict(Verdict.UNDETERMINED, "Maybe"));
    assertThat(grader.name()).isEqualTo("gpt-grader:gpt-4-0314");
  }

  @Test
  void anMmvpAnswerFileGradedByOptionMatching() {
    Path answers = Fixtures.copy("/mmvp/answer.jsonl", dir.resolve("answer.jsonl"));
    List<MmvpRecord> records = MmvpAnswerFile.grade(answers, new OptionMatchJudge());
    // the fixture's responses: (a) Open ✓, (b) Closed ✓, (a) Left ✗ (key (b)), (a) Left ✓
    assertThat(records).extracting(MmvpRecord::grade).containsExactly("yes", "yes", "no", "yes");
    assertThat(records)
        .extracting(MmvpRecord::judgeReply)
        .containsExactly("(a)", "(b)", "(a)", "(a)");
    assertThat(MmvpScorer.score(records)).isEqualTo(new MmvpScores(2, 1, 0.5, 3, 0));
  }

  @Test
  void theEnvironmentConfiguresTheChatJudge() {
    Path cache = dir.resolve("cache");
    assertThat(ChatCompletionsSettings.fromEnvironment(Map.<String, String>of()::get, cache))
        .isEmpty();
    ChatCompletionsSettings openai =
        ChatCompletionsSettings.fromEnvironment(Map.of("OPENAI_API_KEY", "sk-x")::get, cache)
            .orElseThrow();
    assertThat(openai.endpoint().toString())
        .isEqualTo("https://api.openai.com/v1/chat/completions");
    assertThat(openai.apiKeyVariable()).contains("OPENAI_API_KEY");
    assertThat(openai.model()).isEmpty();
    ChatCompletionsSettings local =
        ChatCompletionsSettings.fromEnvironment(
                Map.of("OPENAI_BASE_URL", "http://127.0.0.1:8080/v1/", "OPENAI_JUDGE_MODEL", "m")
                    ::get,
                cache)
            .orElseThrow();
    assertThat(local.endpoint().toString()).isEqualTo("http://127.0.0.1:8080/v1/chat/completions");
    assertThat(local.apiKeyVariable()).isEmpty();
    assertThat(local.model()).contains("m");
    assertThatThrownBy(
            () ->
                ChatCompletionsSettings.fromEnvironment(
                    Map.of("OPENAI_BASE_URL", "ftp://x")::get, cache))
        .isInstanceOf(JudgeException.class)
        .hasMessageContaining("OPENAI_BASE_URL=ftp://x");
  }
}
