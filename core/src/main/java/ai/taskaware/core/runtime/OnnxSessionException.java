package ai.taskaware.core.runtime;

/**
 * A model that cannot be opened or run as asked. The message always names the model (its file, or
 * {@code <in-memory model>}) and, where one is involved, the input or output tensor, and says what
 * was expected.
 */
public class OnnxSessionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String model;
  private final String tensor;

  OnnxSessionException(String model, String tensor, String message) {
    this(model, tensor, message, null);
  }

  OnnxSessionException(String model, String tensor, String message, Throwable cause) {
    super(format(model, tensor, message), cause);
    this.model = model;
    this.tensor = tensor;
  }

  private static String format(String model, String tensor, String message) {
    StringBuilder sb = new StringBuilder(model == null ? "<no model>" : model);
    if (tensor != null) {
      sb.append(" [tensor '").append(tensor).append("']");
    }
    return sb.append(": ").append(message).toString();
  }

  /** The model file (or in-memory model label) involved. */
  public String model() {
    return model;
  }

  /** The input or output tensor involved, or null when the problem is not about one tensor. */
  public String tensor() {
    return tensor;
  }
}
