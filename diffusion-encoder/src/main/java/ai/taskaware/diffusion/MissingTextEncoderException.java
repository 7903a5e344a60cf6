package ai.taskaware.diffusion;

/** A non-empty prompt was given to an extractor opened without a text encoder. */
public final class MissingTextEncoderException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * @param prompt the first non-empty prompt
   */
  public MissingTextEncoderException(String prompt) {
    super(
        "prompt \""
            + prompt
            + "\" needs a text encoder, but the extractor was opened without one; only the"
            + " unconditional prompt \"\" is allowed");
  }
}
