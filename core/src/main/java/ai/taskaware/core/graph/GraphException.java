package ai.taskaware.core.graph;

/**
 * A graph that cannot be built, emitted or edited as asked. The message names the op and the value
 * involved and says what was expected.
 */
public class GraphException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String op;
  private final String value;

  /**
   * @param op the op (or graph operation such as {@code "output"}) involved, or null
   * @param value the value name involved, or null
   * @param message what was wrong and what was expected
   */
  public GraphException(String op, String value, String message) {
    this(op, value, message, null);
  }

  /** As {@link #GraphException(String, String, String)}, with a cause. */
  public GraphException(String op, String value, String message, Throwable cause) {
    super(format(op, value, message), cause);
    this.op = op;
    this.value = value;
  }

  private static String format(String op, String value, String message) {
    StringBuilder sb = new StringBuilder();
    if (op != null) {
      sb.append(op);
    }
    if (value != null) {
      sb.append(sb.length() > 0 ? " " : "").append("[value '").append(value).append("']");
    }
    return (sb.length() > 0 ? sb + ": " : "") + message;
  }

  /** The op involved, or null. */
  public String op() {
    return op;
  }

  /** The value name involved, or null. */
  public String value() {
    return value;
  }
}
