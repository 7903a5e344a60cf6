package ai.taskaware.core.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The declared signature of one model input or output.
 *
 * @param name the value's name in the graph
 * @param dataType the element type as an ND4J data type
 * @param shape the declared dimensions; {@code -1} marks a symbolic or unknown dimension
 * @param dimensionNames the symbolic names of the dimensions ({@code ""} where a dimension is fixed
 *     or unnamed)
 */
public record TensorSpec(
    String name, DataType dataType, long[] shape, List<String> dimensionNames) {

  /** Copies the arrays so the spec cannot change after construction. */
  public TensorSpec {
    shape = shape.clone();
    dimensionNames = List.copyOf(dimensionNames);
  }

  /** The declared dimensions (a copy); {@code -1} marks a symbolic or unknown dimension. */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The number of declared dimensions. */
  public int rank() {
    return shape.length;
  }

  /** True when every dimension is a fixed number, so the element count is known before a run. */
  public boolean isStatic() {
    for (long d : shape) {
      if (d < 0) {
        return false;
      }
    }
    return true;
  }

  /** The shape written as {@code [batch, 4, 64, 64]}, symbolic dimensions by name or {@code ?}. */
  String shapeString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      if (shape[i] >= 0) {
        sb.append(shape[i]);
      } else {
        String dimName = i < dimensionNames.size() ? dimensionNames.get(i) : "";
        sb.append(dimName.isEmpty() ? "?" : dimName);
      }
    }
    return sb.append(']').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorSpec other
        && name.equals(other.name)
        && dataType == other.dataType
        && Arrays.equals(shape, other.shape)
        && dimensionNames.equals(other.dimensionNames);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, dataType, Arrays.hashCode(shape), dimensionNames);
  }

  @Override
  public String toString() {
    return name + ": " + dataType + shapeString();
  }
}
