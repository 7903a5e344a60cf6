package ai.taskaware.benchmarks.winoground;

import ai.taskaware.benchmarks.harness.Evaluation;
import ai.taskaware.benchmarks.harness.RunSettings;
import ai.taskaware.benchmarks.harness.ScoreMatrix;
import ai.taskaware.benchmarks.io.DatasetRoot;
import ai.taskaware.benchmarks.report.Resampling;
import ai.taskaware.core.model.ImageTextScorer;
import java.util.List;

/** Evaluates an {@link ImageTextScorer} on Winoground. */
public final class WinogroundRunner {

  private WinogroundRunner() {}

  /**
   * Runs (or resumes) the evaluation and writes {@code predictions.jsonl}, {@code predictions.json}
   * and {@code summary.json}.
   */
  public static WinogroundScores run(
      ImageTextScorer scorer, List<WinogroundExample> examples, RunSettings settings) {
    RunSettings withOptions =
        settings.withProvenance(
            settings
                .provenance()
                .withOption("benchmark", "winoground")
                .withOption("scorer", scorer.name())
                .withOption("examples", examples.size()));
    List<WinogroundRecord> records =
        Evaluation.run(
            "winoground",
            examples,
            WinogroundExample::id,
            e -> {
              String record = "Winoground example " + e.id();
              double[][] scores =
                  ScoreMatrix.of(
                      scorer.score(
                          List.of(
                              DatasetRoot.readImage(e.image0(), record),
                              DatasetRoot.readImage(e.image1(), record)),
                          List.of(e.caption0(), e.caption1())),
                      2,
                      2,
                      scorer.name());
              return WinogroundScorer.decide(e.id(), scores);
            },
            WinogroundRecord.class,
            WinogroundRecord::id,
            withOptions);
    WinogroundScores scores = WinogroundScorer.score(records);
    Evaluation.writeResults(
        "Winoground",
        records,
        scores,
        Resampling.plain(records, WinogroundScorer::score),
        withOptions);
    return scores;
  }
}
