package ai.taskaware.metrics.caption;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * pycocoevalcap's BLEU-1..4 ({@code bleu_scorer.py} with {@code option='closest'}): clipped n-gram
 * matches against the per-n-gram maximum count over an image's references, the effective reference
 * length being the reference length closest to the candidate's (ties to the shorter). The corpus
 * score sums matches, guesses and lengths over all images before taking the geometric mean.
 */
final class Bleu {
  /** Added to matches so that zero matches still give a finite logarithm-free product. */
  private static final double TINY = 1e-15;

  /** Added to denominators so that an empty candidate does not divide by zero. */
  private static final double SMALL = 1e-9;

  private static final int N = Ngrams.MAX_N;

  /**
   * Corpus and per-image BLEU.
   *
   * @param corpus element k is BLEU-(k+1) over all images
   * @param perImage [image][k] is BLEU-(k+1) of that image alone
   */
  record Result(double[] corpus, double[][] perImage) {}

  private Bleu() {}

  static Result score(List<ScoredImage> images) {
    double[][] perImage = new double[images.size()][];
    long[] totalGuess = new long[N];
    long[] totalCorrect = new long[N];
    long totalTestLength = 0;
    long totalRefLength = 0;
    for (int img = 0; img < images.size(); img++) {
      ScoredImage image = images.get(img);
      Map<String, Integer> maxRefCounts = new HashMap<>();
      int[] refLengths = new int[image.references().size()];
      for (int r = 0; r < refLengths.length; r++) {
        List<String> words = PythonText.splitWords(image.references().get(r));
        refLengths[r] = words.size();
        for (Map<String, Integer> grams : Ngrams.count(words)) {
          grams.forEach((gram, count) -> maxRefCounts.merge(gram, count, Math::max));
        }
      }
      List<String> words = PythonText.splitWords(image.candidate());
      int testLength = words.size();
      int refLength = closest(refLengths, testLength);
      List<Map<String, Integer>> counts = Ngrams.count(words);
      long[] guess = new long[N];
      long[] correct = new long[N];
      for (int k = 0; k < N; k++) {
        guess[k] = Math.max(0, testLength - k);
        for (Map.Entry<String, Integer> e : counts.get(k).entrySet()) {
          correct[k] += Math.min(maxRefCounts.getOrDefault(e.getKey(), 0), e.getValue());
        }
        totalGuess[k] += guess[k];
        totalCorrect[k] += correct[k];
      }
      totalTestLength += testLength;
      totalRefLength += refLength;
      perImage[img] = geometricMeans(correct, guess, testLength, refLength);
    }
    double[] corpus = geometricMeans(totalCorrect, totalGuess, totalTestLength, totalRefLength);
    return new Result(corpus, perImage);
  }

  /** min((|l − testLength|, l)) over the reference lengths, as Python compares tuples. */
  private static int closest(int[] refLengths, int testLength) {
    int best = refLengths[0];
    for (int length : refLengths) {
      int distance = Math.abs(length - testLength);
      int bestDistance = Math.abs(best - testLength);
      if (distance < bestDistance || (distance == bestDistance && length < best)) {
        best = length;
      }
    }
    return best;
  }

  private static double[] geometricMeans(
      long[] correct, long[] guess, double testLength, double refLength) {
    double[] bleus = new double[N];
    double product = 1.0;
    for (int k = 0; k < N; k++) {
      product *= (correct[k] + TINY) / (guess[k] + SMALL);
      bleus[k] = Math.pow(product, 1.0 / (k + 1));
    }
    double ratio = (testLength + TINY) / (refLength + SMALL);
    if (ratio < 1) {
      double brevityPenalty = Math.exp(1 - 1 / ratio);
      for (int k = 0; k < N; k++) {
        bleus[k] *= brevityPenalty;
      }
    }
    return bleus;
  }
}
