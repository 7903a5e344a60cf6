package ai.taskaware.metrics.similarity;

import ai.taskaware.metrics.FeatureMatrix;
import ai.taskaware.metrics.MetricInputException;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Mean cosine similarity between aligned token features of image pairs. Each image's features are a
 * (tokens × channels) matrix; token i of one image is compared with token i of the other.
 * Arithmetic is float64.
 *
 * <p>As {@code torch.nn.functional.cosine_similarity}, each norm is clamped at {@value #EPSILON},
 * so an all-zero token has similarity 0 rather than NaN.
 */
public final class TokenCosineSimilarity {
  /** Lower bound applied to each token's norm before dividing. */
  public static final double EPSILON = 1e-8;

  private TokenCosineSimilarity() {}

  /** The cosine similarity of each aligned token pair, in token order. */
  public static double[] perToken(INDArray first, INDArray second) {
    INDArray a = FeatureMatrix.checked("first", first, -1, 1);
    INDArray b = FeatureMatrix.checked("second", second, a.rows(), 1);
    if (a.columns() != b.columns()) {
      throw new MetricInputException(
          "second: has "
              + b.columns()
              + " channels per token but first has "
              + a.columns()
              + "; aligned tokens must have the same feature size");
    }
    INDArray dots = a.mul(b).sum(1);
    INDArray normA = Transforms.max(a.norm2(1), EPSILON, false);
    INDArray normB = Transforms.max(b.norm2(1), EPSILON, false);
    return dots.divi(normA.muli(normB)).toDoubleVector();
  }

  /** The mean over tokens of the cosine similarity between aligned tokens of one image pair. */
  public static double mean(INDArray first, INDArray second) {
    return Arrays.stream(perToken(first, second)).average().orElseThrow();
  }

  /**
   * The mean over pairs of {@link #mean}: {@code firsts.get(k)} is paired with {@code
   * seconds.get(k)}. Every pair counts equally, whatever its token count.
   */
  public static double meanOverPairs(List<INDArray> firsts, List<INDArray> seconds) {
    if (firsts == null || seconds == null || firsts.isEmpty() || firsts.size() != seconds.size()) {
      throw new MetricInputException(
          "pair similarity: expected two equally long, non-empty lists of token features, got "
              + (firsts == null ? "null" : firsts.size())
              + " and "
              + (seconds == null ? "null" : seconds.size()));
    }
    double sum = 0;
    for (int k = 0; k < firsts.size(); k++) {
      try {
        sum += mean(firsts.get(k), seconds.get(k));
      } catch (MetricInputException e) {
        throw new MetricInputException("pair " + k + ": " + e.getMessage());
      }
    }
    return sum / firsts.size();
  }
}
