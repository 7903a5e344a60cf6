package ai.taskaware.benchmarks.judge;

/**
 * The chat model behind a GPT judge: answers a request as the official scripts' OpenAI
 * chat-completions call does, with the raw assistant message. {@link ChatCompletionsJudge} sends it
 * to an OpenAI-compatible endpoint; any other client can be plugged in. Benchmarks whose official
 * judge is a chat model build on it: MMVP's grader (an {@link AnswerJudge}, {@code
 * mmvp.MmvpGrader}), BLINK's option matcher and LLaVA-Bench's reviewer (which rate rather than
 * accept an answer, so they read the reply themselves).
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ChatJudge {

  /**
   * Sends {@code request} and returns the assistant message's content, unaltered.
   *
   * @throws JudgeException if no reply could be obtained
   */
  String reply(JudgeRequest request);
}
