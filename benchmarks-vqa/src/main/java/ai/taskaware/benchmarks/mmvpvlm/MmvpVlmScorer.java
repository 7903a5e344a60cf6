package ai.taskaware.benchmarks.mmvpvlm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** MMVP-VLM's rules, as {@code evaluate_vlm.py}'s {@code benchmark_model} applies them. */
public final class MmvpVlmScorer {

  /**
   * The nine patterns in the script's order; pair {@code n} belongs to {@code PATTERNS[n / 15]}.
   */
  public static final List<String> PATTERNS =
      List.of(
          "Orientation and Direction",
          "Presence of Specific Features",
          "State and Condition",
          "Quantity and Count",
          "Positional and Relational Context",
          "Color and Appearance",
          "Structural Characteristics",
          "Texts",
          "Viewpoint and Perspective");

  /** Pairs per pattern ({@code categories[num_pairs // 15]}). */
  public static final int PAIRS_PER_PATTERN = 15;

  private MmvpVlmScorer() {}

  /**
   * The record of one pair from its scores.
   *
   * @param scores {@code scores[image][text]}: image 1/2 × statement 1/2, any monotone score (CLIP
   *     logits or similarities)
   */
  public static MmvpVlmRecord decide(MmvpVlmPair pair, double[][] scores) {
    // logits_per_text.softmax(dim=-1): per statement, a softmax over the two images.
    double p1 = imageOneProbability(scores[0][0], scores[1][0]);
    double p2 = imageOneProbability(scores[0][1], scores[1][1]);
    String pred1 = p1 > 0.5 ? "img1" : "img2"; // strict: p == 0.5 picks img2
    String pred2 = p2 > 0.5 ? "img1" : "img2";
    String gt1 = pair.qid1() % 2 == 1 ? "img1" : "img2"; // gt = "img1" if qid % 2 == 1
    String gt2 = pair.qid2() % 2 == 1 ? "img1" : "img2";
    return new MmvpVlmRecord(pair.qid1(), pair.qid2(), pred1, pred2, gt1, gt2, p1, p2);
  }

  static double imageOneProbability(double image1, double image2) {
    return 1.0 / (1.0 + Math.exp(image2 - image1));
  }

  /**
   * Per-pattern pair accuracy: correct pairs of the pattern / ({@code num_pairs // 9}) × 100, and
   * their mean.
   *
   * @throws IllegalArgumentException if there are fewer than 9 pairs or more than 135 (the script
   *     would divide by zero or index past its pattern list)
   */
  public static MmvpVlmScores score(List<MmvpVlmRecord> records) {
    int pairs = records.size();
    int perPattern = pairs / PATTERNS.size();
    if (perPattern == 0 || pairs > PATTERNS.size() * PAIRS_PER_PATTERN) {
      throw new IllegalArgumentException(
          "MMVP-VLM scoring needs 9 to 135 pairs (9 patterns x 15), got " + pairs);
    }
    Map<String, Double> correct = new LinkedHashMap<>();
    PATTERNS.forEach(p -> correct.put(p, 0.0));
    for (int n = 0; n < pairs; n++) {
      if (records.get(n).correct()) {
        correct.merge(PATTERNS.get(n / PAIRS_PER_PATTERN), 1.0, Double::sum);
      }
    }
    double sum = 0;
    for (Map.Entry<String, Double> entry : correct.entrySet()) {
      double percent = entry.getValue() / perPattern * 100;
      entry.setValue(percent);
      sum += percent;
    }
    return new MmvpVlmScores(Collections.unmodifiableMap(correct), sum / PATTERNS.size(), pairs);
  }
}
