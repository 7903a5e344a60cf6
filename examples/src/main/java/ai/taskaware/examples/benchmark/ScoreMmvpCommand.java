package ai.taskaware.examples.benchmark;

import ai.taskaware.benchmarks.judge.ChatCompletionsJudge;
import ai.taskaware.benchmarks.judge.ChatCompletionsSettings;
import ai.taskaware.benchmarks.mmvp.MmvpAnswerFile;
import ai.taskaware.benchmarks.mmvp.MmvpGrader;
import ai.taskaware.benchmarks.mmvp.MmvpRecord;
import ai.taskaware.benchmarks.mmvp.MmvpScorer;
import ai.taskaware.benchmarks.mmvp.MmvpScores;
import ai.taskaware.core.provenance.Provenance;
import ai.taskaware.core.provenance.ResultFile;
import ai.taskaware.examples.cli.CliInputException;
import ai.taskaware.examples.cli.OutputOption;
import ai.taskaware.examples.cli.TaskawareSubcommand;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code taskaware score mmvp}: MMVP's {@code gpt_grader.py} on an answer file, asking an
 * OpenAI-compatible chat-completions judge (cached on disk, so a re-run costs nothing).
 */
@Command(
    name = "mmvp",
    description = {
      "Grade MMVP answers as scripts/gpt_grader.py does and score pairs (both answers yes).",
      "ANSWERS.jsonl: one JSON object per line with question_id, prompt, answer, response (as"
          + " evaluate_mllm.py writes), lines 1-2 a pair, 3-4 the next, ... S.json: {\"results\":"
          + " {\"Accuracy\": %, \"pairs\", \"correct_pairs\", \"questions_graded_yes\","
          + " \"undetermined\", \"grades\": [...]}, ...}."
    })
public final class ScoreMmvpCommand extends TaskawareSubcommand {

  @Option(
      names = "--answers",
      required = true,
      paramLabel = "ANSWERS.jsonl",
      description = "Model answers to grade.")
  Path answers;

  @Option(
      names = "--judge-url",
      required = true,
      paramLabel = "URL",
      description = "OpenAI-compatible API base, e.g. https://api.openai.com/v1.")
  String judgeUrl;

  @Option(
      names = "--judge-model",
      paramLabel = "MODEL",
      description = "Model to ask (default: the script's " + MmvpGrader.MODEL + ").")
  String judgeModel;

  @Option(
      names = "--judge-key-env",
      paramLabel = "VAR",
      description = "Environment variable holding the API key (default: send no key).")
  String judgeKeyEnv;

  @Option(
      names = "--judge-cache",
      paramLabel = "DIR",
      description = "Folder caching every judge exchange (default: judge-cache next to --out).")
  Path judgeCache;

  @Option(
      names = "--judge-attempts",
      defaultValue = "6",
      paramLabel = "N",
      description = "Attempts per request on HTTP 429/5xx/I/O errors (default ${DEFAULT-VALUE}).")
  int judgeAttempts;

  @Mixin OutputOption out;

  /** For picocli. */
  public ScoreMmvpCommand() {}

  @Override
  protected void execute() {
    Path output = out.file();
    Path cache =
        judgeCache != null ? judgeCache : output.toAbsolutePath().resolveSibling("judge-cache");
    if (judgeAttempts < 1) {
      throw new CliInputException("--judge-attempts " + judgeAttempts + ": expected at least 1");
    }
    ChatCompletionsSettings settings =
        ChatCompletionsSettings.of(baseUrl(), cache)
            .withModel(judgeModel)
            .withApiKeyVariable(judgeKeyEnv)
            .withRetries(judgeAttempts, Duration.ofSeconds(1), Duration.ofSeconds(60));
    List<MmvpRecord> graded =
        MmvpAnswerFile.grade(answers, MmvpGrader.using(ChatCompletionsJudge.create(settings)));
    MmvpScores scores = MmvpScorer.score(graded);
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("Accuracy", 100 * scores.accuracy());
    results.put("pairs", scores.pairs());
    results.put("correct_pairs", scores.correctPairs());
    results.put("questions_graded_yes", scores.questionsGradedYes());
    results.put("undetermined", scores.undetermined());
    List<Map<String, Object>> grades = new ArrayList<>();
    for (MmvpRecord record : graded) {
      Map<String, Object> grade = new LinkedHashMap<>();
      grade.put("question_id", record.questionId());
      grade.put("grade", record.grade());
      grades.add(grade);
    }
    results.put("grades", grades);
    ResultFile.write(
        output,
        results,
        Provenance.of("taskaware score mmvp")
            .withOption("answers", answers.toAbsolutePath())
            .withOption("judge_url", settings.endpoint())
            .withOption("judge_model", settings.model().orElse(MmvpGrader.MODEL))
            .withOption("judge_cache", cache));
    out()
        .printf(
            Locale.ROOT,
            "Accuracy %.2f %% (%d of %d pairs; %d answers graded yes, %d undetermined)%n",
            100 * scores.accuracy(),
            scores.correctPairs(),
            scores.pairs(),
            scores.questionsGradedYes(),
            scores.undetermined());
    err().printf("wrote %s%n", output);
  }

  private URI baseUrl() {
    try {
      URI uri = new URI(judgeUrl);
      if (uri.getScheme() == null
          || uri.getHost() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new CliInputException(
            "--judge-url "
                + judgeUrl
                + ": expected an http(s) URL such as https://api.openai.com/v1");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new CliInputException(
          "--judge-url " + judgeUrl + ": not a URL (" + e.getReason() + ")");
    }
  }
}
