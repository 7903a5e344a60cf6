package ai.taskaware.llm.llama;

/**
 * A sequence that would run past the model's context ({@code max_position_embeddings}, times the
 * RoPE scaling factor when there is one).
 */
public final class PromptTooLongException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int length;
  private final int limit;

  /**
   * @param length positions the sequence needs
   * @param limit positions the model supports
   * @param what what was too long, for the message
   */
  public PromptTooLongException(int length, int limit, String what) {
    super(
        what
            + " needs "
            + length
            + " positions but the model's context is "
            + limit
            + " (max_position_embeddings in config.json); shorten it or ask for truncation");
    this.length = length;
    this.limit = limit;
  }

  /** Positions the sequence needs. */
  public int length() {
    return length;
  }

  /** Positions the model supports. */
  public int limit() {
    return limit;
  }
}
