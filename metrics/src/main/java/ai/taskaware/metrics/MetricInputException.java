package ai.taskaware.metrics;

/**
 * Input that a metric cannot score: mismatched shapes or row counts, non-finite features, captions
 * without references, duplicate results. The message names the offending argument, layer or image
 * and says what was expected.
 */
public final class MetricInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the input and the expectation. */
  public MetricInputException(String message) {
    super(message);
  }
}
