package ai.taskaware.llm.generation;

/** What to do with a prompt that does not fit the model's context. */
public enum PromptOverflow {
  /** Throw {@link ai.taskaware.llm.llama.PromptTooLongException}. */
  FAIL,
  /**
   * Keep the first position (BOS) and the most recent ones, dropping the oldest in between, so that
   * at least one token can be generated.
   */
  TRUNCATE_LEFT
}
