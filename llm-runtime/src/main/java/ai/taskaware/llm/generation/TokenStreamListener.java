package ai.taskaware.llm.generation;

/** Receives generated text as it is decoded. */
@FunctionalInterface
public interface TokenStreamListener {

  /**
   * Called with text appended to the answer. Text that could still turn out to be the start of a
   * stop string, or an incomplete UTF-8 sequence, is held back until it is settled; the pieces
   * concatenate to the final answer.
   */
  void onText(String delta);
}
