package ai.taskaware.metrics.spice;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SPICE 1.0's scoring once captions are tuples: per image, the candidate's scene graph against one
 * scene graph built from all its references, in every category; then the averages.
 */
final class SpiceEvaluation {
  private final WordNetSynsets wordNet;

  SpiceEvaluation(WordNetSynsets wordNet) {
    this.wordNet = wordNet;
  }

  /**
   * @param referenceTuples image id → the tuples of its reference captions, concatenated in order
   * @param candidateTuples image id → the tuples of its candidate caption; iteration order is the
   *     per-image order
   */
  SpiceScores score(
      Map<String, List<List<String>>> referenceTuples,
      Map<String, List<List<String>>> candidateTuples) {
    Map<String, Map<String, TupleScore>> perImage = new LinkedHashMap<>();
    for (Map.Entry<String, List<List<String>>> candidate : candidateTuples.entrySet()) {
      String id = candidate.getKey();
      perImage.put(id, image(candidate.getValue(), referenceTuples.get(id)));
    }
    Map<String, TupleScore> categories = new LinkedHashMap<>();
    for (TupleCategory c : TupleCategory.values()) {
      categories.put(c.key, average(perImage.values(), c.key));
    }
    return new SpiceScores(categories, perImage);
  }

  /** One image's score in every category. */
  Map<String, TupleScore> image(List<List<String>> candidate, List<List<String>> references) {
    List<List<Concept>> test = SceneGraph.of(candidate, wordNet).tuples();
    List<List<Concept>> ref = SceneGraph.of(references, wordNet).tuples();
    Map<TupleCategory, TupleScore> byCategory = new EnumMap<>(TupleCategory.class);
    for (TupleCategory c : TupleCategory.values()) {
      List<List<Concept>> t = keep(test, c);
      List<List<Concept>> r = keep(ref, c);
      byCategory.put(c, TupleScore.of(matched(t, r), t.size(), r.size(), c != TupleCategory.ALL));
    }
    Map<String, TupleScore> scores = new LinkedHashMap<>();
    byCategory.forEach((c, s) -> scores.put(c.key, s));
    return scores;
  }

  /** Candidate tuples with a similar reference tuple (each element shares a word or a synset). */
  static int matched(List<List<Concept>> candidate, List<List<Concept>> references) {
    int n = 0;
    for (List<Concept> t : candidate) {
      for (List<Concept> r : references) {
        if (similar(t, r)) {
          n++;
          break;
        }
      }
    }
    return n;
  }

  private static boolean similar(List<Concept> a, List<Concept> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int k = 0; k < a.size(); k++) {
      if (!a.get(k).similarTo(b.get(k))) {
        return false;
      }
    }
    return true;
  }

  private static List<List<Concept>> keep(List<List<Concept>> tuples, TupleCategory c) {
    List<List<Concept>> kept = new ArrayList<>();
    for (List<Concept> t : tuples) {
      if (c.keeps(t)) {
        kept.add(t);
      }
    }
    return kept;
  }

  /** SPICE 1.0's macro average: F/P/R over images where they are defined, counts over all. */
  private static TupleScore average(Iterable<Map<String, TupleScore>> images, String category) {
    double f = 0;
    double p = 0;
    double r = 0;
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int n = 0;
    for (Map<String, TupleScore> image : images) {
      TupleScore s = image.get(category);
      tp += s.tp();
      fp += s.fp();
      fn += s.fn();
      if (!Double.isNaN(s.f()) && !Double.isNaN(s.precision()) && !Double.isNaN(s.recall())) {
        f += s.f();
        p += s.precision();
        r += s.recall();
        n++;
      }
    }
    if (n == 0) {
      return new TupleScore(Double.NaN, Double.NaN, Double.NaN, tp, fp, fn, 0);
    }
    return new TupleScore(f / n, p / n, r / n, tp, fp, fn, n);
  }
}
