package ai.taskaware.llm.generation;

import ai.taskaware.core.model.GenerationSettings;
import java.util.Arrays;
import java.util.Random;

/**
 * Picks the next token from one row of logits. Temperature 0 is greedy (argmax, first index on
 * ties); otherwise logits are divided by the temperature, filtered by top-k then top-p as
 * transformers' {@code TopKLogitsWarper} and {@code TopPLogitsWarper} do, and a token is drawn from
 * the softmax of what is left.
 */
final class TokenSampler {
  private final GenerationSettings settings;
  private final Random random;

  TokenSampler(GenerationSettings settings) {
    this.settings = settings;
    this.random = new Random(settings.seed());
  }

  int next(float[] logits) {
    if (settings.temperature() == 0) {
      return argmax(logits);
    }
    int n = logits.length;
    double[] scaled = new double[n];
    for (int i = 0; i < n; i++) {
      scaled[i] = logits[i] / settings.temperature();
    }
    if (settings.topK() > 0 && settings.topK() < n) {
      double[] sorted = scaled.clone();
      Arrays.sort(sorted);
      double kth = sorted[n - settings.topK()];
      for (int i = 0; i < n; i++) {
        if (scaled[i] < kth) {
          scaled[i] = Double.NEGATIVE_INFINITY;
        }
      }
    }
    if (settings.topP() < 1) {
      applyTopP(scaled, settings.topP());
    }
    double max = Arrays.stream(scaled).max().orElseThrow();
    double sum = 0;
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = Math.exp(scaled[i] - max);
      sum += p[i];
    }
    double u = random.nextDouble() * sum;
    double acc = 0;
    int last = 0;
    for (int i = 0; i < n; i++) {
      if (p[i] > 0) {
        acc += p[i];
        last = i;
        if (u < acc) {
          return i;
        }
      }
    }
    return last;
  }

  /**
   * transformers' rule: sort ascending, drop tokens whose cumulative probability is at most {@code
   * 1 − topP}, always keep the most likely one.
   */
  private static void applyTopP(double[] scaled, double topP) {
    int n = scaled.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scaled[a], scaled[b]));
    double max = scaled[order[n - 1]];
    double sum = 0;
    for (double s : scaled) {
      sum += Math.exp(s - max);
    }
    double cumulative = 0;
    for (int r = 0; r < n - 1; r++) {
      int i = order[r];
      cumulative += Math.exp(scaled[i] - max) / sum;
      if (cumulative <= 1 - topP) {
        scaled[i] = Double.NEGATIVE_INFINITY;
      }
    }
  }

  static int argmax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }
}
