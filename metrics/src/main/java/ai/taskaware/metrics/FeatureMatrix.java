package ai.taskaware.metrics;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one place where metrics check a feature matrix (rows = examples or tokens, columns =
 * features) and bring it to float64.
 */
public final class FeatureMatrix {
  private FeatureMatrix() {}

  /**
   * Returns {@code features} as a float64 matrix after checking its rank, its row count against
   * {@code expectedRows} (negative to skip), its row count against {@code minimumRows} and that
   * every value is finite.
   *
   * @param name how the message names this input, e.g. {@code "y"} or {@code "layersB[3]"}
   * @throws MetricInputException when a check fails
   */
  public static INDArray checked(
      String name, INDArray features, long expectedRows, int minimumRows) {
    if (features == null) {
      throw new MetricInputException(
          name + ": features are null, expected an (examples × features) matrix");
    }
    if (features.rank() != 2) {
      throw new MetricInputException(
          name
              + ": expected an (examples × features) matrix, got shape "
              + Arrays.toString(features.shape()));
    }
    long rows = features.rows();
    if (expectedRows >= 0 && rows != expectedRows) {
      throw new MetricInputException(
          name
              + ": has "
              + rows
              + " rows (examples) but the other representation has "
              + expectedRows
              + "; the inputs must hold the same examples in the same order");
    }
    if (rows < minimumRows) {
      throw new MetricInputException(
          name + ": has " + rows + " rows, this metric needs at least " + minimumRows);
    }
    if (features.columns() < 1) {
      throw new MetricInputException(name + ": has no feature columns");
    }
    INDArray doubles =
        features.dataType() == DataType.DOUBLE ? features : features.castTo(DataType.DOUBLE);
    requireFinite(name, doubles);
    return doubles;
  }

  /**
   * Frees the off-heap memory of {@code checked} when {@link #checked} had to make it as a float64
   * copy of {@code original}; large metrics call this instead of waiting for the garbage collector.
   */
  public static void releaseCopy(INDArray checked, INDArray original) {
    if (checked != original) {
      checked.close();
    }
  }

  private static void requireFinite(String name, INDArray m) {
    // One reduction finds the common all-finite case; only then is it worth locating the culprit.
    if (Double.isFinite(m.sumNumber().doubleValue())) {
      return;
    }
    long cols = m.columns();
    for (long r = 0; r < m.rows(); r++) {
      for (long c = 0; c < cols; c++) {
        double v = m.getDouble(r, c);
        if (!Double.isFinite(v)) {
          throw new MetricInputException(
              name + ": feature [" + r + ", " + c + "] is " + v + ", expected a finite number");
        }
      }
    }
  }
}
