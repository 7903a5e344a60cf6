package ai.taskaware.examples.cli;

import ai.taskaware.core.checkpoint.DType;
import ai.taskaware.core.checkpoint.SafetensorsFile;
import ai.taskaware.core.checkpoint.TensorInfo;
import java.nio.file.Path;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A safetensors input file given on the command line, read with checked tensor names and types.
 * Error messages name the option, the file and the tensor.
 */
public final class InputTensors implements AutoCloseable {
  private final String option;
  private final SafetensorsFile file;

  private InputTensors(String option, SafetensorsFile file) {
    this.option = option;
    this.file = file;
  }

  /**
   * Opens {@code path}, given as {@code option}.
   *
   * @throws ai.taskaware.core.checkpoint.CheckpointException naming the file when it is missing or
   *     not a safetensors file
   */
  public static InputTensors open(String option, Path path) {
    return new InputTensors(option, SafetensorsFile.open(path));
  }

  /** Names of the tensors in the file. */
  public Set<String> names() {
    return file.names();
  }

  /** Whether the file holds {@code name}. */
  public boolean has(String name) {
    return file.names().contains(name);
  }

  /**
   * The floating-point tensor {@code name} as float32.
   *
   * @throws CliInputException when it is absent or not floating-point
   */
  public INDArray floats(String name) {
    TensorInfo t = require(name);
    if (!t.dtype().isFloatingPoint()) {
      throw wrongType(name, t, "a floating-point tensor");
    }
    return file.floatArray(name);
  }

  /**
   * The floating-point tensor {@code name} in its stored precision (float64 stays float64).
   *
   * @throws CliInputException when it is absent or not floating-point
   */
  public INDArray floatsAsStored(String name) {
    TensorInfo t = require(name);
    if (!t.dtype().isFloatingPoint()) {
      throw wrongType(name, t, "a floating-point tensor");
    }
    return file.array(name);
  }

  /**
   * The integer tensor {@code name} as int64.
   *
   * @throws CliInputException when it is absent or not an integer tensor
   */
  public INDArray integers(String name) {
    TensorInfo t = require(name);
    if (t.dtype().isFloatingPoint() || t.dtype() == DType.BOOL) {
      throw wrongType(name, t, "an integer tensor (int64)");
    }
    return file.array(name).castTo(DataType.LONG);
  }

  /**
   * The tensor {@code name} in its stored type.
   *
   * @throws CliInputException when it is absent
   */
  public INDArray any(String name) {
    require(name);
    return file.array(name);
  }

  private TensorInfo require(String name) {
    if (!has(name)) {
      throw new CliInputException(
          option
              + " "
              + file.file()
              + ": no tensor '"
              + name
              + "' (the file holds "
              + new java.util.TreeSet<>(names())
              + ")");
    }
    return file.info(name);
  }

  private CliInputException wrongType(String name, TensorInfo t, String expected) {
    return new CliInputException(
        option
            + " "
            + file.file()
            + ": tensor '"
            + name
            + "' is "
            + t.dtype()
            + ", expected "
            + expected);
  }

  @Override
  public void close() {
    file.close();
  }
}
