package ai.taskaware.benchmarks.llavabench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.benchmarks.Fixtures;
import ai.taskaware.benchmarks.harness.RunSettings;
import ai.taskaware.benchmarks.io.BenchmarkDataException;
import ai.taskaware.benchmarks.judge.ChatJudge;
import ai.taskaware.benchmarks.judge.JudgeRequest;
import ai.taskaware.core.provenance.ResultFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlavaBenchTest {

  @TempDir Path dir;

  private Path dataset() {
    Path root = dir.resolve("llava-bench-in-the-wild");
    for (String f : List.of("questions.jsonl", "context.jsonl", "answers_gpt4.jsonl")) {
      Fixtures.copy("/llavabench/" + f, root.resolve(f));
    }
    Fixtures.image(root.resolve("images/001.jpg"), 200);
    Fixtures.image(root.resolve("images/002.jpg"), 60);
    return root;
  }

  @Test
  void parseScoreReadsTheFirstLineAsTheReviewScriptDoes() {
    assertThat(LlavaBenchReviewer.parseScore("8 9\nbecause")).containsExactly(8.0, 9.0);
    assertThat(LlavaBenchReviewer.parseScore("8,9")).containsExactly(8.0, 9.0);
    assertThat(LlavaBenchReviewer.parseScore("8.5 7\r\nwhy")).containsExactly(8.5, 7.0);
    assertThat(LlavaBenchReviewer.parseScore("1_0 .5")).containsExactly(10.0, 0.5);
    // "8, 9" → "8  9" → three parts after split(' ')
    assertThat(LlavaBenchReviewer.parseScore("8, 9")).isEqualTo(LlavaBenchReviewer.UNPARSED);
    assertThat(LlavaBenchReviewer.parseScore("8  9")).isEqualTo(LlavaBenchReviewer.UNPARSED);
    assertThat(LlavaBenchReviewer.parseScore("Assistant 1: 8"))
        .isEqualTo(LlavaBenchReviewer.UNPARSED);
    assertThat(LlavaBenchReviewer.parseScore("8 nine")).isEqualTo(LlavaBenchReviewer.UNPARSED);
    assertThat(LlavaBenchReviewer.parseScore("")).isEqualTo(LlavaBenchReviewer.UNPARSED);
    assertThat(LlavaBenchReviewer.parseScore("\n8 9")).isEqualTo(LlavaBenchReviewer.UNPARSED);
    assertThat(LlavaBenchReviewer.pythonFloat("1__0")).isNull();
    assertThat(LlavaBenchReviewer.pythonFloat("inf")).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void loaderJoinsCaptionsAsPythonJoinsThemAndPairsAnswersByLine() {
    List<LlavaBenchQuestion> questions = LlavaBenchDataset.load(dataset());
    assertThat(questions).hasSize(4);
    // '\n'.join("A bridge.") joins characters; a list of captions joins captions
    assertThat(questions.get(0).context()).isEqualTo("A\n \nb\nr\ni\nd\ng\ne\n.");
    assertThat(questions.get(2).context()).isEqualTo("A painting of a dog.\nThe sky is orange.");
    assertThat(questions.get(0).referenceAnswerId()).isEqualTo("TeyehNxHw5j8naXfEWaxWd");
    assertThat(questions.get(1).referenceAnswerId()).isEqualTo("1"); // falls back to question_id
  }

  @Test
  void reviewRequestIsBuiltExactlyAsTheScript() {
    LlavaBenchQuestion q = LlavaBenchDataset.load(dataset()).get(3);
    JudgeRequest request = LlavaBenchReviewer.request(q, "Orange.");
    assertThat(request.model()).isEqualTo("gpt-4-0314");
    assertThat(request.temperature()).isEqualTo(0.2);
    assertThat(request.maxTokens()).hasValue(1024);
    assertThat(request.systemMessage())
        .isEqualTo(
            "You are a helpful and precise assistant for checking the quality of the answer.");
    assertThat(request.userMessage())
        .isEqualTo(
            "[Context]\nA painting of a dog.\nThe sky is orange.\n\n"
                + "[Question]\nWhat color is the sky?\n\n"
                + "[Assistant 1]\nThe sky is orange.\n\n[End of Assistant 1]\n\n"
                + "[Assistant 2]\nOrange.\n\n[End of Assistant 2]\n\n"
                + "[System]\nWe would like to request your feedback on the performance of two AI"
                + " assistants in response to the user question displayed above. The user asks the"
                + " question on observing an image. For your reference, the visual content in the"
                + " image is represented with a few sentences describing the image. \nPlease rate"
                + " the helpfulness, relevance, accuracy, level of details of their responses. Each"
                + " assistant receives an overall score on a scale of 1 to 10, where a higher score"
                + " indicates better overall performance.\nPlease first output a single line"
                + " containing only two values indicating the scores for Assistant 1 and 2,"
                + " respectively. The two scores are separated by a space.\nIn the subsequent line,"
                + " please provide a comprehensive explanation of your evaluation, avoiding any"
                + " potential bias and ensuring that the order in which the responses were"
                + " presented does not affect your judgment.\n\n");
  }

  @Test
  void summaryOfAnOfficialReviewFileCountsUnparsedReviews() {
    LlavaBenchScores scores =
        LlavaBenchScorer.scoreReviewFile(
            Fixtures.copy("/llavabench/reviews.jsonl", dir.resolve("r.jsonl")));
    assertThat(scores.categories().keySet())
        .containsExactly("all", "llava_bench_complex", "llava_bench_conv", "llava_bench_detail");
    // all: s1 = (8 + 7 + 9 − 1) / 4 = 5.75, s2 = (6 + 7 + 4.5 − 1) / 4 = 4.125 → 71.739… → 71.7
    assertThat(scores.categories().get("all"))
        .isEqualTo(new LlavaBenchScores.Category(5.75, 4.125, 71.7, 4, 1));
    // conv: (8 − 1) / 2 = 3.5 and (6 − 1) / 2 = 2.5 → 71.428… → 71.4
    assertThat(scores.categories().get("llava_bench_conv"))
        .isEqualTo(new LlavaBenchScores.Category(3.5, 2.5, 71.4, 2, 1));
    assertThat(scores.categories().get("llava_bench_complex").relative()).isEqualTo(50.0);
    assertThat(scores.categories().get("llava_bench_detail").relative()).isEqualTo(100.0);
    assertThat(scores.overall()).isEqualTo(71.7);
  }

  @Test
  void roundingIsPythonsHalfEvenOnTheExactBinaryValue() {
    assertThat(LlavaBenchScorer.pythonRound(0.125, 2)).isEqualTo(0.12);
    assertThat(LlavaBenchScorer.pythonRound(2.675, 2)).isEqualTo(2.67);
    assertThat(LlavaBenchScorer.pythonRound(71.75, 1)).isEqualTo(71.8);
    assertThat(LlavaBenchScorer.pythonRound(8.3333333, 3)).isEqualTo(8.333);
  }

  @Test
  void badFilesAreTypedErrors() throws Exception {
    Path root = dataset();
    Path questions = root.resolve("questions.jsonl");
    String good = Files.readString(questions);
    Files.writeString(questions, good.replace("\"detail\"", "\"reasoning\""));
    assertThatThrownBy(() -> LlavaBenchDataset.load(root))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("question_id 1")
        .hasMessageContaining("llava_bench_reasoning");
    Files.writeString(
        questions,
        good.replace("\"002.jpg\", \"text\": \"What color", "\"003.jpg\", \"text\": \"What color"));
    assertThatThrownBy(() -> LlavaBenchDataset.load(root))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("question_id 3")
        .hasMessageContaining("003.jpg");
    Files.writeString(questions, good);
    Path answers = root.resolve("answers_gpt4.jsonl");
    Files.writeString(
        answers, Files.readString(answers).replace("\"question_id\": 2,", "\"question_id\": 7,"));
    assertThatThrownBy(() -> LlavaBenchDataset.load(root))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("answers_gpt4.jsonl")
        .hasMessageContaining("line 3");
  }

  @Test
  void runnerEndToEnd() throws Exception {
    List<LlavaBenchQuestion> questions = LlavaBenchDataset.load(dataset());
    Fixtures.ScriptedVqaModel model =
        new Fixtures.ScriptedVqaModel(
            (images, prompt) ->
                "  " + (Fixtures.grey(images.get(0)) > 128 ? "Bright." : "Dark.") + "\n");
    List<JudgeRequest> requests = new ArrayList<>();
    ChatJudge reviewer =
        request -> {
          synchronized (requests) {
            requests.add(request);
          }
          return request.userMessage().contains("[Question]\nWhat color is the sky?")
              ? "Assistant 1: 8, Assistant 2: 2"
              : "8 4\nAssistant 2 is terse.";
        };
    RunSettings settings = Fixtures.settings(dir.resolve("out"), false);
    LlavaBenchScores scores =
        LlavaBenchRunner.run(model, reviewer, questions, Fixtures.GREEDY, settings);
    assertThat(requests).hasSize(4);
    assertThat(requests.get(0).userMessage())
        .contains("[Assistant 2]\nBright.\n\n[End of Assistant 2]");
    // all: s1 = (8·3 − 1) / 4 = 5.75, s2 = (4·3 − 1) / 4 = 2.75 → 47.826… → 47.8
    assertThat(scores.categories().get("all"))
        .isEqualTo(new LlavaBenchScores.Category(5.75, 2.75, 47.8, 4, 1));
    assertThat(
            ResultFile.readResults(settings.summaryFile())
                .get("categories")
                .get("all")
                .get("relative")
                .asDouble())
        .isEqualTo(47.8);
    assertThat(Files.readAllLines(settings.logFile()).get(3)).contains("\"unparsed\":true");
  }
}
