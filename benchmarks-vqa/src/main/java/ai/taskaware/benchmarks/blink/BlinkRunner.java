package ai.taskaware.benchmarks.blink;

import ai.taskaware.benchmarks.harness.Evaluation;
import ai.taskaware.benchmarks.harness.RunSettings;
import ai.taskaware.benchmarks.io.ImageSource;
import ai.taskaware.benchmarks.judge.ChatJudge;
import ai.taskaware.benchmarks.report.Resampling;
import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.model.GenerationSettings;
import ai.taskaware.core.model.VqaModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates a {@link VqaModel} on BLINK val: the dataset's prompt (with the disclaimer where the
 * official script adds it) over the question's images, {@code analyze_answer} on the output, and
 * the GPT-3.5 matcher through {@code matcher} where the rules find no single option. Without a
 * matcher those questions stay unanswered (counted wrong), so the score is a lower bound of the
 * official one.
 */
public final class BlinkRunner {

  private BlinkRunner() {}

  /**
   * Runs (or resumes) the evaluation and writes {@code predictions.jsonl}, {@code predictions.json}
   * and {@code summary.json}.
   *
   * @param matcher the GPT fallback, or null for none
   */
  public static BlinkScores run(
      VqaModel model,
      ChatJudge matcher,
      List<BlinkQuestion> questions,
      GenerationSettings generation,
      RunSettings settings) {
    RunSettings withOptions =
        settings.withProvenance(
            settings
                .provenance()
                .withOption("benchmark", "blink")
                .withOption("split", "val")
                .withOption("matcher", matcher == null ? "none" : BlinkMatcher.MODEL)
                .withOption("generation", generation)
                .withOption("questions", questions.size()));
    List<BlinkRecord> records =
        Evaluation.run(
            "blink",
            questions,
            BlinkQuestion::idx,
            q -> evaluate(model, matcher, q, generation),
            BlinkRecord.class,
            BlinkRecord::idx,
            withOptions);
    BlinkScores scores = BlinkScorer.scoreRecords(records, withOptions.logFile(), "val");
    // questions are resampled within their subtask, as the total is a mean over subtasks
    Evaluation.writeResults(
        "BLINK (val)",
        records,
        scores,
        new Resampling<BlinkRecord>(
            records,
            r -> BlinkSubtasks.ofIdx(r.idx(), "val", withOptions.logFile()),
            sample -> BlinkScorer.scoreRecords(sample, withOptions.logFile(), "val")),
        withOptions);
    return scores;
  }

  private static BlinkRecord evaluate(
      VqaModel model, ChatJudge matcher, BlinkQuestion q, GenerationSettings generation) {
    List<RgbImage> images = new ArrayList<>();
    for (ImageSource source : q.images()) {
      images.add(source.read("BLINK " + q.idx()));
    }
    String output = model.answer(images, q.modelPrompt(), generation);
    Optional<String> ruled =
        BlinkAnswerExtraction.extract(output, BlinkAnswerExtraction.allChoices(q.choices().size()));
    if (ruled.isPresent()) {
      return new BlinkRecord(q.idx(), q.answer(), output, ruled.get(), "rule");
    }
    if (matcher == null || q.choices().size() > 5) {
      // more than five choices: the official fallback raises IndexError and records None
      return new BlinkRecord(q.idx(), q.answer(), output, null, "unanswered");
    }
    String reply = matcher.reply(BlinkMatcher.request(q.question(), q.choices(), output));
    return new BlinkRecord(q.idx(), q.answer(), output, reply, "judge");
  }
}
