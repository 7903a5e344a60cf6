package ai.taskaware.llm.generation;

/**
 * A finished generation.
 *
 * @param text the answer, without the prompt, the EOS token or the stop string
 * @param tokenIds generated ids (including a final EOS when that ended it)
 * @param stopReason why decoding ended
 */
public record Generation(String text, long[] tokenIds, StopReason stopReason) {

  /** Why decoding ended. */
  public enum StopReason {
    /** The model produced an end-of-sequence token. */
    EOS,
    /** The text reached one of the stop strings. */
    STOP_STRING,
    /** {@code maxNewTokens} were generated. */
    MAX_NEW_TOKENS,
    /** The context ({@code max_position_embeddings}) is full. */
    CONTEXT_FULL
  }
}
