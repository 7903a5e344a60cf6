package ai.taskaware.benchmarks.gqa;

import ai.taskaware.benchmarks.harness.Evaluation;
import ai.taskaware.benchmarks.harness.RunSettings;
import ai.taskaware.benchmarks.io.DatasetRoot;
import ai.taskaware.core.model.GenerationSettings;
import ai.taskaware.core.model.VqaModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
              String prediction = GqaScorer.normalize(text);
              return new GqaRecord(
                  q.questionId(), text, prediction, q.answer(), prediction.equals(q.answer()));
            },
            GqaRecord.class,
            GqaRecord::questionId,
            withOptions);
    Map<String, String> predictions = new LinkedHashMap<>();
    records.forEach(r -> predictions.put(r.questionId(), r.prediction()));
    GqaScores scores = GqaScorer.score(balanced, predictions, withOptions.logFile());
    Evaluation.writeResults(records, scores, withOptions);
    return scores;
  }
}
