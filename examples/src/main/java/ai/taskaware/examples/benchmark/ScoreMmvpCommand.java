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
import ai.taskaware.examples.cli.JudgeEndpointOptions;
import ai.taskaware.examples.cli.OutputOption;
import ai.taskaware.examples.cli.TaskawareSubcommand;
import java.nio.file.Path;
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

  @Mixin JudgeEndpointOptions judge;

  @Mixin OutputOption out;

  /** For picocli. */
  public ScoreMmvpCommand() {}

  @Override
  protected void execute() {
    Path output = out.file();
    Path cache = judge.cacheOr(output.toAbsolutePath().resolveSibling("judge-cache"));
    ChatCompletionsSettings settings =
        judge
            .settings(cache, System::getenv)
            .orElseThrow(
                () ->
                    new CliInputException(
                        "no judge configured: the MMVP grader asks "
                            + MmvpGrader.MODEL
                            + ". Pass --judge-url (an OpenAI-compatible API base) or set "
                            + ChatCompletionsSettings.API_KEY_VARIABLE
                            + " / "
                            + ChatCompletionsSettings.BASE_URL_VARIABLE
                            + "."));
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
}
