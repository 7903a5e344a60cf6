package ai.taskaware.benchmarks.llavabench;

import ai.taskaware.benchmarks.harness.Evaluation;
import ai.taskaware.benchmarks.harness.RunSettings;
import ai.taskaware.benchmarks.io.DatasetRoot;
import ai.taskaware.benchmarks.judge.ChatJudge;
import ai.taskaware.benchmarks.report.Resampling;
import ai.taskaware.core.model.GenerationSettings;
import ai.taskaware.core.model.VqaModel;
import java.util.List;

/**
 * Evaluates a {@link VqaModel} on LLaVA-Bench-in-the-Wild: answers each question ({@code
 * model_vqa.py} strips the output), has the reviewer compare it with GPT-4's answer and writes the
 * relative scores. LLaVA's script {@code llavabench.sh} decodes greedily (temperature 0).
 */
public final class LlavaBenchRunner {

  private LlavaBenchRunner() {}

  /**
   * Runs (or resumes) the evaluation and writes {@code predictions.jsonl}, {@code predictions.json}
   * and {@code summary.json}.
   */
  public static LlavaBenchScores run(
      VqaModel model,
      ChatJudge reviewer,
      List<LlavaBenchQuestion> questions,
      GenerationSettings generation,
      RunSettings settings) {
    if (reviewer == null) {
      throw new IllegalArgumentException(
          "LLaVA-Bench is reviewed by GPT-4 in the official code: plug in a ChatJudge");
    }
    RunSettings withOptions =
        settings.withProvenance(
            settings
                .provenance()
                .withOption("benchmark", "llava-bench-in-the-wild")
                .withOption("reviewer.model", LlavaBenchReviewer.MODEL)
                .withOption("generation", generation)
                .withOption("questions", questions.size()));
    List<LlavaBenchRecord> records =
        Evaluation.run(
            "llava-bench",
            questions,
            LlavaBenchQuestion::questionId,
            q -> {
              String answer =
                  model
                      .answer(
                          List.of(
                              DatasetRoot.readImage(
                                  q.imagePath(), "LLaVA-Bench question " + q.questionId())),
                          q.text(),
                          generation)
                      .strip();
              String review = reviewer.reply(LlavaBenchReviewer.request(q, answer));
              List<Double> tuple = LlavaBenchReviewer.parseScore(review);
              return new LlavaBenchRecord(
                  q.questionId(),
                  "llava_bench_" + q.category(),
                  answer,
                  "taskaware-" + q.questionId(),
                  review,
                  tuple,
                  tuple == LlavaBenchReviewer.UNPARSED);
            },
            LlavaBenchRecord.class,
            LlavaBenchRecord::questionId,
            withOptions);
    LlavaBenchScores scores = LlavaBenchScorer.score(records);
    Evaluation.writeResults(
        "LLaVA-Bench-in-the-Wild",
        records,
        scores,
        Resampling.plain(records, LlavaBenchScorer::score),
        withOptions);
    return scores;
  }
}
