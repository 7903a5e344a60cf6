package ai.taskaware.benchmarks.judge;

/** A judge that could not produce a reply (network, quota, refusal by the client). */
public final class JudgeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A failure with a message saying what was asked and what went wrong. */
  public JudgeException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A failure with a message saying what was asked and what went wrong, with no cause. */
  public JudgeException(String message) {
    super(message);
  }
}
