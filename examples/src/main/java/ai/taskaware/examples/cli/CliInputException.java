package ai.taskaware.examples.cli;

/**
 * Input a command cannot use: a missing file or tensor, a malformed JSON field, an unsupported
 * option value. The message names the option, file, tensor or field and says what was expected; the
 * command line prints it and exits with code 1.
 */
public final class CliInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An input error with the given message. */
  public CliInputException(String message) {
    super(message);
  }

  /** An input error with the given message and cause. */
  public CliInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
