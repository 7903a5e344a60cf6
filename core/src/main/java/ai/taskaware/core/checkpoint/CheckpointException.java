package ai.taskaware.core.checkpoint;

import java.nio.file.Path;

/**
 * A checkpoint file or folder that cannot be read as expected. The message always names the file
 * and, where one is involved, the tensor or config key, and says what was expected.
 */
public class CheckpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String tensor;

  public CheckpointException(Path file, String tensor, String message) {
    this(file, tensor, message, null);
  }

  public CheckpointException(Path file, String tensor, String message, Throwable cause) {
    super(format(file, tensor, message), cause);
    this.file = file;
    this.tensor = tensor;
  }

  private static String format(Path file, String tensor, String message) {
    StringBuilder sb = new StringBuilder();
    sb.append(file == null ? "<no file>" : file.toString());
    if (tensor != null) {
      sb.append(" [tensor '").append(tensor).append("']");
    }
    return sb.append(": ").append(message).toString();
  }

  /** The file involved, or null. */
  public Path file() {
    return file;
  }

  /** The tensor (or config key) involved, or null. */
  public String tensor() {
    return tensor;
  }
}
