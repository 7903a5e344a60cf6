package ai.taskaware.metrics.spice;

/**
 * SPICE was asked for but the folder with Stanford CoreNLP 4.5.10 and its English models is not
 * given, does not exist or lacks a jar. The message names the folder, the missing jars and a
 * command that fetches them.
 */
public final class CoreNlpMissingException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that says what to add and how. */
  public CoreNlpMissingException(String message) {
    super(message);
  }
}
