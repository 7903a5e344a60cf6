package ai.taskaware.benchmarks.mmvp;

import ai.taskaware.benchmarks.harness.Evaluation;
import ai.taskaware.benchmarks.harness.RunSettings;
import ai.taskaware.benchmarks.io.DatasetRoot;
import ai.taskaware.benchmarks.judge.AnswerJudge;
import ai.taskaware.benchmarks.judge.JudgedAnswer;
import ai.taskaware.benchmarks.judge.Verdict;
import ai.taskaware.benchmarks.report.Resampling;
import ai.taskaware.core.model.GenerationSettings;
import ai.taskaware.core.model.VqaModel;
import java.util.List;

/**
 * Evaluates a {@link VqaModel} on MMVP: asks each question about its image, has the judge grade the
 * answer, logs one {@link MmvpRecord} per question and writes the {@link MmvpScores}. The official
 * judge is {@link MmvpGrader} (GPT-4); a deterministic {@link AnswerJudge} such as {@code
 * OptionMatchJudge} gives numbers without one (not comparable with published ones).
 *
 * <p>{@code evaluate_mllm.py} samples with temperature 0.2 and up to 1024 new tokens; pass such
 * {@link GenerationSettings} to match it.
 */
public final class MmvpRunner {

  private MmvpRunner() {}

  /**
   * Runs (or resumes) the evaluation and writes {@code predictions.jsonl}, {@code predictions.json}
   * and {@code summary.json}.
   */
  public static MmvpScores run(
      VqaModel model,
      AnswerJudge judge,
      List<MmvpQuestion> questions,
      GenerationSettings generation,
      RunSettings settings) {
    if (judge == null) {
      throw new IllegalArgumentException(
          "MMVP is graded by GPT-4 in the official code: plug in an AnswerJudge (MmvpGrader)");
    }
    RunSettings withOptions =
        settings.withProvenance(
            settings
                .provenance()
                .withOption("benchmark", "mmvp")
                .withOption("judge", judge.name())
                .withOption("generation", generation)
                .withOption("questions", questions.size()));
    List<MmvpRecord> records =
        Evaluation.run(
            "mmvp",
            questions,
            q -> String.valueOf(q.index()),
            q -> {
              String prompt = q.prompt();
              String response =
                  model
                      .answer(
                          List.of(DatasetRoot.readImage(q.image(), "MMVP row " + q.index())),
                          prompt,
                          generation)
                      .strip();
              Verdict verdict =
                  judge.judge(
                      new JudgedAnswer(prompt, q.optionTexts(), q.correctAnswer(), response));
              return new MmvpRecord(
                  q.index(), prompt, q.correctAnswer(), response, verdict.reply(), verdict.grade());
            },
            MmvpRecord.class,
            r -> String.valueOf(r.questionId()),
            withOptions);
    MmvpScores scores = MmvpScorer.score(records);
    // the unit is the pair: both of its answers are drawn together
    List<List<MmvpRecord>> pairs = new java.util.ArrayList<>();
    for (int i = 0; i + 1 < records.size(); i += 2) {
      pairs.add(records.subList(i, i + 2));
    }
    Evaluation.writeResults(
        "MMVP",
        records,
        scores,
        Resampling.<List<MmvpRecord>>plain(
            pairs, sample -> MmvpScorer.score(sample.stream().flatMap(List::stream).toList())),
        withOptions);
    return scores;
  }
}
