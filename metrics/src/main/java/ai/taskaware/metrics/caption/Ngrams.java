package ai.taskaware.metrics.caption;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference code's {@code precook}: counts of every 1- to 4-gram of a caption's words, one map
 * per n-gram length, in first-occurrence order (the order its dicts iterate, which fixes the
 * summation order of CIDEr's dot products).
 */
final class Ngrams {
  static final int MAX_N = 4;

  private Ngrams() {}

  /** Counts per length: element k holds the (k+1)-grams, keyed by their words joined with ' '. */
  static List<Map<String, Integer>> count(List<String> words) {
    List<Map<String, Integer>> counts = new ArrayList<>(MAX_N);
    for (int k = 1; k <= MAX_N; k++) {
      Map<String, Integer> grams = new LinkedHashMap<>();
      for (int i = 0; i + k <= words.size(); i++) {
        // Words never contain whitespace (they come from a whitespace split), so ' ' is
        // unambiguous.
        grams.merge(String.join(" ", words.subList(i, i + k)), 1, Integer::sum);
      }
      counts.add(grams);
    }
    return counts;
  }
}
