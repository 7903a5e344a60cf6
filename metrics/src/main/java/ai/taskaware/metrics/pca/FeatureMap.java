package ai.taskaware.metrics.pca;

import ai.taskaware.metrics.MetricInputException;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A feature map: a (height·width × channels) matrix whose rows are the tokens of a height × width
 * grid in row-major order (token {@code y·width + x} sits at column x of row y).
 *
 * @param tokens the (height·width × channels) features
 * @param height grid rows, at least 1
 * @param width grid columns, at least 1
 */
public record FeatureMap(INDArray tokens, int height, int width) {
  /**
   * Checks that {@code tokens} is a matrix with {@code height·width} rows.
   *
   * @throws MetricInputException if it is not
   */
  public FeatureMap {
    if (tokens == null) {
      throw new MetricInputException("feature map: tokens are null");
    }
    if (height < 1 || width < 1) {
      throw new MetricInputException(
          "feature map: grid must be at least 1×1, got " + height + "×" + width);
    }
    if (tokens.rank() != 2 || tokens.rows() != (long) height * width) {
      throw new MetricInputException(
          "feature map: a "
              + height
              + "×"
              + width
              + " grid needs a ("
              + (long) height * width
              + " × channels) token matrix, got shape "
              + Arrays.toString(tokens.shape()));
    }
  }

  /**
   * A feature map on a square grid, the usual layout of ViT and UNet tokens.
   *
   * @throws MetricInputException if the token count is not a perfect square
   */
  public static FeatureMap square(INDArray tokens) {
    if (tokens == null || tokens.rank() != 2) {
      throw new MetricInputException(
          "feature map: expected a (tokens × channels) matrix, got "
              + (tokens == null ? "null" : "shape " + Arrays.toString(tokens.shape())));
    }
    long count = tokens.rows();
    int side = (int) Math.round(Math.sqrt(count));
    if ((long) side * side != count) {
      throw new MetricInputException(
          "feature map: "
              + count
              + " tokens do not form a square grid; give the height and width explicitly");
    }
    return new FeatureMap(tokens, side, side);
  }
}
