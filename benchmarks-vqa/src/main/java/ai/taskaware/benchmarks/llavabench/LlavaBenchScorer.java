package ai.taskaware.benchmarks.llavabench;

import ai.taskaware.benchmarks.io.BenchmarkDataException;
import ai.taskaware.benchmarks.io.JsonFiles;
import ai.taskaware.benchmarks.io.JsonRecord;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code summarize_gpt_review.py}. */
public final class LlavaBenchScorer {

  private LlavaBenchScorer() {}

  /**
   * Per review category and {@code all}: the mean of the (reference, model) score tuples, including
   * unparsed [−1, −1] tuples as the script includes them, each mean rounded to 3 decimals, and
   * {@code round(model / reference * 100, 1)}.
   *
   * @throws IllegalArgumentException if there are no records
   */
  public static LlavaBenchScores score(List<LlavaBenchRecord> records) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("LLaVA-Bench scoring needs at least one review");
    }
    Map<String, List<LlavaBenchRecord>> groups = new TreeMap<>();
    for (LlavaBenchRecord r : records) {
      groups.computeIfAbsent(r.category(), k -> new ArrayList<>()).add(r);
      groups.computeIfAbsent("all", k -> new ArrayList<>()).add(r);
    }
    Map<String, LlavaBenchScores.Category> out = new TreeMap<>();
    groups.forEach((key, group) -> out.put(key, summarize(group)));
    return new LlavaBenchScores(Collections.unmodifiableMap(out));
  }

  private static LlavaBenchScores.Category summarize(List<LlavaBenchRecord> group) {
    double first = 0;
    double second = 0;
    int unparsed = 0;
    for (LlavaBenchRecord r : group) {
      first += r.tuple().get(0);
      second += r.tuple().get(1);
      unparsed += r.unparsed() ? 1 : 0;
    }
    // stats = np.asarray(v).mean(0); stats = [round(x, 3) for x in stats]
    double referenceMean = pythonRound(first / group.size(), 3);
    double modelMean = pythonRound(second / group.size(), 3);
    double relative = pythonRound(modelMean / referenceMean * 100, 1);
    return new LlavaBenchScores.Category(
        referenceMean, modelMean, relative, group.size(), unparsed);
  }

  /** Python's {@code round(x, digits)}: the exact binary value rounded half to even. */
  static double pythonRound(double x, int digits) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return x;
    }
    return new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).doubleValue();
  }

  /**
   * Summarizes an existing review file written by {@code eval_gpt_review_bench.py} (one JSON object
   * per line with {@code category} and {@code tuple}).
   *
   * @throws BenchmarkDataException on a malformed line
   */
  public static LlavaBenchScores scoreReviewFile(Path reviews) {
    List<LlavaBenchRecord> records = new ArrayList<>();
    for (JsonRecord line : JsonFiles.readLines(reviews)) {
      JsonNode tuple = line.node().get("tuple");
      if (tuple == null
          || !tuple.isArray()
          || tuple.size() != 2
          || !tuple.get(0).isNumber()
          || !tuple.get(1).isNumber()) {
        throw line.fail("tuple", "expected two numbers");
      }
      List<Double> pair = List.of(tuple.get(0).asDouble(), tuple.get(1).asDouble());
      String category = line.optionalText("category").orElse("all");
      records.add(
          new LlavaBenchRecord(
              line.id("question_id"),
              category,
              "",
              "",
              line.optionalText("content").orElse(""),
              pair,
              pair.equals(LlavaBenchReviewer.UNPARSED)));
    }
    if (records.isEmpty()) {
      throw new BenchmarkDataException(reviews, "", "", "no reviews");
    }
    return score(records);
  }
}
