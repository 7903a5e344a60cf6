package ai.taskaware.benchmarks.judge;

/**
 * Answers a judge request, as the official scripts' OpenAI chat-completions call does. {@link
 * ChatCompletionsJudge} sends it to an OpenAI-compatible endpoint; any other client can be plugged
 * in.
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
