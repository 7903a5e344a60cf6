package ai.taskaware.metrics.caption;

import java.util.List;

/**
 * pycocoevalcap's ROUGE-L ({@code rouge.py}): for each reference the longest common subsequence
 * with the candidate gives a precision and a recall; the maximum precision and the maximum recall
 * (each over all references, independently) combine into F with β = 1.2. Captions are split on
 * single spaces, so an empty caption counts as one empty token, as in the reference.
 */
final class RougeL {
  private static final double BETA = 1.2;

  private RougeL() {}

  static double[] perImage(List<ScoredImage> images) {
    double[] scores = new double[images.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = score(images.get(i));
    }
    return scores;
  }

  static double score(ScoredImage image) {
    List<String> candidate = PythonText.splitOnSpace(image.candidate());
    double maxPrecision = Double.NEGATIVE_INFINITY;
    double maxRecall = Double.NEGATIVE_INFINITY;
    for (String reference : image.references()) {
      List<String> tokens = PythonText.splitOnSpace(reference);
      int lcs = lcsLength(tokens, candidate);
      maxPrecision = Math.max(maxPrecision, lcs / (double) candidate.size());
      maxRecall = Math.max(maxRecall, lcs / (double) tokens.size());
    }
    if (maxPrecision == 0 || maxRecall == 0) {
      return 0.0;
    }
    double beta2 = BETA * BETA;
    return ((1 + beta2) * maxPrecision * maxRecall) / (maxRecall + beta2 * maxPrecision);
  }

  static int lcsLength(List<String> a, List<String> b) {
    int[] previous = new int[b.size() + 1];
    int[] current = new int[b.size() + 1];
    for (int i = 1; i <= a.size(); i++) {
      for (int j = 1; j <= b.size(); j++) {
        current[j] =
            a.get(i - 1).equals(b.get(j - 1))
                ? previous[j - 1] + 1
                : Math.max(previous[j], current[j - 1]);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.size()];
  }
}
