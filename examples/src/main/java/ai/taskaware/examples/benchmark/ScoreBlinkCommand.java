package ai.taskaware.examples.benchmark;

import ai.taskaware.benchmarks.blink.BlinkScorer;
import ai.taskaware.benchmarks.blink.BlinkScores;
import ai.taskaware.core.provenance.Provenance;
import ai.taskaware.core.provenance.ResultFile;
import ai.taskaware.examples.cli.OutputOption;
import ai.taskaware.examples.cli.TaskawareSubcommand;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code taskaware score blink}: BLINK's {@code eval_prediction} on a predictions file. */
@Command(
    name = "blink",
    description = {
      "Score BLINK predictions as eval/evaluate.py (eval_prediction) does.",
      "ANSWERS.json: val_answers.json, {idx: \"(X)\"}; PREDICTIONS.json: {idx: \"(X)\"} (a missing"
          + " idx counts wrong). S.json: {\"results\": {\"Total\": %, <subtask>: %, ...},"
          + " \"provenance\": ...}; Total is the mean over subtasks."
    })
public final class ScoreBlinkCommand extends TaskawareSubcommand {

  @Option(
      names = "--answers",
      required = true,
      paramLabel = "ANSWERS.json",
      description = "Gold answers (the authors' val_answers.json).")
  Path answers;

  @Option(
      names = "--predictions",
      required = true,
      paramLabel = "PREDICTIONS.json",
      description = "Predictions {idx: \"(X)\"}, as evaluate.py's get_prediction_file writes.")
  Path predictions;

  @Mixin OutputOption out;

  /** For picocli. */
  public ScoreBlinkCommand() {}

  @Override
  protected void execute() {
    Path output = out.file();
    BlinkScores scores = BlinkScorer.scoreFiles(answers, predictions);
    Map<String, Double> percentages = scores.percentages();
    ResultFile.write(
        output,
        percentages,
        Provenance.of("taskaware score blink")
            .withOption("answers", answers.toAbsolutePath())
            .withOption("predictions", predictions.toAbsolutePath())
            .withOption("questions", scores.questions())
            .withOption("missing_predictions", scores.missingPredictions())
            .withOption("all_subtasks", scores.complete()));
    percentages.forEach((key, value) -> out().printf(Locale.ROOT, "%-26s %6.2f%n", key, value));
    if (!scores.complete()) {
      err()
          .printf(
              "warning: %s covers %d of 14 subtasks; Total is their mean, not BLINK's official Total%n",
              answers, scores.perTask().size());
    }
    if (scores.missingPredictions() > 0) {
      err()
          .printf(
              "warning: %d questions have no prediction in %s (counted wrong)%n",
              scores.missingPredictions(), predictions);
    }
    err().printf("wrote %s%n", output);
  }
}
