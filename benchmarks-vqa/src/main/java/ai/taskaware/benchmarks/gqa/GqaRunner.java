package ai.taskaware.benchmarks.gqa;

import ai.taskaware.benchmarks.harness.Evaluation;
import ai.taskaware.benchmarks.harness.RunSettings;
import ai.taskaware.benchmarks.io.DatasetRoot;
import ai.taskaware.benchmarks.report.Resampling;
import ai.taskaware.core.model.GenerationSettings;
import ai.taskaware.core.model.VqaModel;
import java.util.List;

/**
 * Evaluates a {@link VqaModel} on GQA's balanced questions (LLaVA's {@code gqa.sh} decodes greedily
 * with up to 128 new tokens).
 */
public final class GqaRunner {

  private GqaRunner() {}

  /**
   * Runs (or resumes) the evaluation and writes {@code predictions.jsonl}, {@code predictions.json}
   * and {@code summary.json}.
   */
  public static GqaScores run(
      VqaModel model,
      List<GqaQuestion> questions,
      GenerationSettings generation,
      RunSettings settings) {
    List<GqaQuestion> balanced = questions.stream().filter(GqaQuestion::balanced).toList();
    RunSettings withOptions =
        settings.withProvenance(
            settings
                .provenance()
                .withOption("benchmark", "gqa-testdev-balanced")
                .withOption("generation", generation)
                .withOption("questions", balanced.size()));
    List<GqaRecord> records =
        Evaluation.run(
            "gqa",
            balanced,
            GqaQuestion::questionId,
            q -> {
              String text =
                  model
                      .answer(
                          List.of(
                              DatasetRoot.readImage(q.image(), "GQA question " + q.questionId())),
                          q.prompt(),
                          generation)
                      .strip();
              return GqaScorer.record(q, text, GqaScorer.normalize(text));
            },
            GqaRecord.class,
            GqaRecord::questionId,
            withOptions);
    GqaScores scores = GqaScorer.scoreRecords(records);
    Evaluation.writeResults(
        "GQA testdev-balanced",
        records,
        scores,
        Resampling.plain(records, GqaScorer::scoreRecords),
        withOptions);
    return scores;
  }
}
