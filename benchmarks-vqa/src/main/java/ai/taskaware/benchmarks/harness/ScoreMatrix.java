package ai.taskaware.benchmarks.harness;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Reads an {@code ImageTextScorer}'s {@code (images, texts)} score matrix into Java arrays. */
public final class ScoreMatrix {

  private ScoreMatrix() {}

  /**
   * {@code scores[image][text]}.
   *
   * @throws IllegalStateException if the scorer returned another shape or a NaN
   */
  public static double[][] of(INDArray matrix, int images, int texts, String scorerName) {
    if (matrix == null
        || matrix.rank() != 2
        || matrix.size(0) != images
        || matrix.size(1) != texts) {
      throw new IllegalStateException(
          "image-text scorer '"
              + scorerName
              + "' returned shape "
              + (matrix == null ? "null" : Arrays.toString(matrix.shape()))
              + ", expected ["
              + images
              + ", "
              + texts
              + "]");
    }
    double[][] out = new double[images][texts];
    for (int i = 0; i < images; i++) {
      for (int t = 0; t < texts; t++) {
        out[i][t] = matrix.getDouble(i, t);
        if (Double.isNaN(out[i][t])) {
          throw new IllegalStateException(
              "image-text scorer '" + scorerName + "' returned NaN at [" + i + ", " + t + "]");
        }
      }
    }
    return out;
  }
}
