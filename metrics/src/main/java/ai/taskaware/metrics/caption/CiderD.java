package ai.taskaware.metrics.caption;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * pycocoevalcap's CIDEr ({@code cider_scorer.py}, which is CIDEr-D): tf-idf vectors of 1- to
 * 4-grams with document frequencies over the scored images' references and log(number of images) as
 * the idf numerator, a clipped cosine min(h, r)·r / (‖h‖‖r‖) per n, a Gaussian penalty (σ = 6) on
 * the length difference, averaged over n and references and multiplied by 10.
 *
 * <p>The reference measures a caption's "length" as its number of bigrams (it counts term
 * frequencies where its zero-based n-gram index equals 1); that is reproduced here.
 */
final class CiderD {
  private static final double SIGMA = 6.0;
  private static final int N = Ngrams.MAX_N;

  private CiderD() {}

  /** A caption's tf-idf vectors per n, their norms and the reference's length measure. */
  private record Vectors(List<Map<String, Double>> weights, double[] norms, int length) {}

  static double[] perImage(List<ScoredImage> images) {
    List<List<List<Map<String, Integer>>>> refCounts = new ArrayList<>(images.size());
    Map<String, Integer> documentFrequency = new HashMap<>();
    for (ScoredImage image : images) {
      List<List<Map<String, Integer>>> counts = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (String reference : image.references()) {
        List<Map<String, Integer>> c = Ngrams.count(PythonText.splitWords(reference));
        counts.add(c);
        c.forEach(grams -> seen.addAll(grams.keySet()));
      }
      seen.forEach(gram -> documentFrequency.merge(gram, 1, Integer::sum));
      refCounts.add(counts);
    }
    double refLength = Math.log(images.size());

    double[] scores = new double[images.size()];
    for (int i = 0; i < scores.length; i++) {
      Vectors candidate =
          vectors(
              Ngrams.count(PythonText.splitWords(images.get(i).candidate())),
              documentFrequency,
              refLength);
      double[] sum = new double[N];
      for (List<Map<String, Integer>> ref : refCounts.get(i)) {
        double[] similarity = similarity(candidate, vectors(ref, documentFrequency, refLength));
        for (int n = 0; n < N; n++) {
          sum[n] += similarity[n];
        }
      }
      double mean = (((sum[0] + sum[1]) + sum[2]) + sum[3]) / N;
      mean /= refCounts.get(i).size();
      scores[i] = mean * 10.0;
    }
    return scores;
  }

  private static Vectors vectors(
      List<Map<String, Integer>> counts, Map<String, Integer> documentFrequency, double refLength) {
    List<Map<String, Double>> weights = new ArrayList<>(N);
    double[] squaredNorms = new double[N];
    int length = 0;
    for (int n = 0; n < N; n++) {
      Map<String, Double> w = new LinkedHashMap<>();
      for (Map.Entry<String, Integer> e : counts.get(n).entrySet()) {
        double df = Math.log(Math.max(1.0, documentFrequency.getOrDefault(e.getKey(), 0)));
        double weight = e.getValue() * (refLength - df);
        w.put(e.getKey(), weight);
        squaredNorms[n] += Math.pow(weight, 2);
        if (n == 1) {
          length += e.getValue();
        }
      }
      weights.add(w);
    }
    double[] norms = new double[N];
    for (int n = 0; n < N; n++) {
      norms[n] = Math.sqrt(squaredNorms[n]);
    }
    return new Vectors(weights, norms, length);
  }

  private static double[] similarity(Vectors hyp, Vectors ref) {
    double delta = hyp.length() - ref.length();
    double[] values = new double[N];
    for (int n = 0; n < N; n++) {
      Map<String, Double> refWeights = ref.weights().get(n);
      double value = 0;
      // Iterating the candidate's n-grams in first-occurrence order keeps the reference's sum
      // order.
      for (Map.Entry<String, Double> e : hyp.weights().get(n).entrySet()) {
        double r = refWeights.getOrDefault(e.getKey(), 0.0);
        value += Math.min(e.getValue(), r) * r;
      }
      if (hyp.norms()[n] != 0 && ref.norms()[n] != 0) {
        value /= hyp.norms()[n] * ref.norms()[n];
      }
      values[n] = value * Math.pow(Math.E, -(delta * delta) / (2 * SIGMA * SIGMA));
    }
    return values;
  }
}
