package ai.taskaware.benchmarks.judge;

/**
 * Answers a judge request, as the official scripts' OpenAI chat-completions call does. Users plug
 * in their own client (retries, caching and keys are theirs); taskaware ships none.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Judge {

  /**
   * Sends {@code request} and returns the assistant message's content, unaltered.
   *
   * @throws JudgeException if no reply could be obtained
   */
  String reply(JudgeRequest request);
}
