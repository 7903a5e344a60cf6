package ai.taskaware.benchmarks.mmvpvlm;

import ai.taskaware.benchmarks.harness.Evaluation;
import ai.taskaware.benchmarks.harness.RunSettings;
import ai.taskaware.benchmarks.harness.ScoreMatrix;
import ai.taskaware.benchmarks.io.DatasetRoot;
import ai.taskaware.benchmarks.report.Resampling;
import ai.taskaware.core.model.ImageTextScorer;
import java.util.List;

/** Evaluates an {@link ImageTextScorer} on MMVP-VLM. */
public final class MmvpVlmRunner {

  private MmvpVlmRunner() {}

  /**
   * Runs (or resumes) the evaluation and writes {@code predictions.jsonl}, {@code predictions.json}
   * and {@code summary.json}.
   */
  public static MmvpVlmScores run(
      ImageTextScorer scorer, List<MmvpVlmPair> pairs, RunSettings settings) {
    if (pairs.size() < MmvpVlmScorer.PATTERNS.size()
        || pairs.size() > MmvpVlmScorer.PATTERNS.size() * MmvpVlmScorer.PAIRS_PER_PATTERN) {
      // checked before any model call: the official scoring needs 9 to 135 pairs
      throw new IllegalArgumentException(
          "MMVP-VLM needs 9 to 135 pairs (9 patterns x 15), got " + pairs.size());
    }
    RunSettings withOptions =
        settings.withProvenance(
            settings
                .provenance()
                .withOption("benchmark", "mmvp-vlm")
                .withOption("scorer", scorer.name())
                .withOption("pairs", pairs.size()));
    List<MmvpVlmRecord> records =
        Evaluation.run(
            "mmvp-vlm",
            pairs,
            p -> p.qid1() + "-" + p.qid2(),
            p -> {
              String record = "MMVP-VLM pair " + p.qid1() + "/" + p.qid2();
              double[][] scores =
                  ScoreMatrix.of(
                      scorer.score(
                          List.of(
                              DatasetRoot.readImage(p.image1(), record),
                              DatasetRoot.readImage(p.image2(), record)),
                          List.of(p.text1(), p.text2())),
                      2,
                      2,
                      scorer.name());
              return MmvpVlmScorer.decide(p, scores);
            },
            MmvpVlmRecord.class,
            r -> r.qid1() + "-" + r.qid2(),
            withOptions);
    MmvpVlmScores scores = MmvpVlmScorer.score(records);
    // pairs are resampled within their pattern; the scorer files them by position, so each
    // pattern's resample stays in its own block of 15
    List<Integer> positions = java.util.stream.IntStream.range(0, records.size()).boxed().toList();
    Evaluation.writeResults(
        "MMVP-VLM",
        records,
        scores,
        new Resampling<Integer>(
            positions,
            n -> MmvpVlmScorer.PATTERNS.get(n / MmvpVlmScorer.PAIRS_PER_PATTERN),
            sample -> MmvpVlmScorer.score(sample.stream().map(records::get).toList())),
        withOptions);
    return scores;
  }
}
