package ai.taskaware.clip;

/**
 * Input a CLIP tower or tokenizer cannot take: a missing tokenizer file, a text longer than the
 * context in strict mode, an image of the wrong size, a requested output that does not exist. The
 * message names the file, field or tensor involved and says what was expected.
 */
public class ClipException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String subject;

  /**
   * An error about {@code subject} (a file, field, tensor or output name).
   *
   * @param subject what the error is about, printed first
   * @param message what was expected and what was found
   */
  public ClipException(String subject, String message) {
    this(subject, message, null);
  }

  /** As {@link #ClipException(String, String)}, with the underlying cause. */
  public ClipException(String subject, String message, Throwable cause) {
    super(subject + ": " + message, cause);
    this.subject = subject;
  }

  /** The file, field, tensor or output the error is about. */
  public String subject() {
    return subject;
  }
}
