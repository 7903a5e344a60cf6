package ai.taskaware.benchmarks.llavabench;

import java.util.Map;

/**
 * LLaVA-Bench relative scores per review category and overall.
 *
 * @param categories {@code "all"}, {@code "llava_bench_complex"}, {@code "llava_bench_conv"},
 *     {@code "llava_bench_detail"} (sorted, as the summary prints them) → its score
 */
public record LlavaBenchScores(Map<String, Category> categories) {

  /**
   * One category's summary line.
   *
   * @param referenceMean mean first score (GPT-4's answer), rounded to 3 decimals
   * @param modelMean mean second score (the model's answer), rounded to 3 decimals
   * @param relative {@code round(modelMean / referenceMean * 100, 1)}
   * @param reviews reviews in the category
   * @param unparsed of which unparsed ([−1, −1], counted in the means as the summary counts them)
   */
  public record Category(
      double referenceMean, double modelMean, double relative, int reviews, int unparsed) {}

  /** The overall relative score (the {@code all} line). */
  public double overall() {
    return categories.get("all").relative();
  }
}
