package ai.taskaware.benchmarks.judge;

import java.util.OptionalInt;

/**
 * One chat-completion request as an official evaluation script sends it.
 *
 * @param model the model the official script asks for (e.g. {@code "gpt-4-0314"})
 * @param systemMessage the system message, or empty when the script sends none
 * @param userMessage the user message
 * @param temperature the sampling temperature the script sets
 * @param maxTokens the {@code max_tokens} the script sets, or empty when it sets none
 */
public record JudgeRequest(
    String model,
    String systemMessage,
    String userMessage,
    double temperature,
    OptionalInt maxTokens) {

  public JudgeRequest {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("judge model must be named");
    }
    if (systemMessage == null || userMessage == null) {
      throw new IllegalArgumentException("judge messages must not be null");
    }
    if (maxTokens == null) {
      maxTokens = OptionalInt.empty();
    }
  }
}
