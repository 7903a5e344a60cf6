package ai.taskaware.core.model;

import java.util.List;

/**
 * How a language model decodes an answer.
 *
 * @param maxNewTokens upper bound on generated tokens (≥ 1)
 * @param temperature 0 for greedy decoding, otherwise the softmax temperature
 * @param topP nucleus sampling mass in (0, 1]; 1 disables it
 * @param topK keep only the k most likely tokens; 0 disables it
 * @param seed seed of the sampler (ignored by greedy decoding)
 * @param stopStrings generation stops once the text ends with one of these (the end-of-sequence
 *     token always stops)
 */
public record GenerationSettings(
    int maxNewTokens,
    double temperature,
    double topP,
    int topK,
    long seed,
    List<String> stopStrings) {

  public GenerationSettings {
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
    }
    if (!(temperature >= 0)) {
      throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("topK must be >= 0, got " + topK);
    }
    stopStrings = List.copyOf(stopStrings);
  }

  /**
   * Greedy decoding of up to {@code maxNewTokens} tokens, as LLaVA's evaluation scripts do
   * (temperature 0).
   */
  public static GenerationSettings greedy(int maxNewTokens) {
    return new GenerationSettings(maxNewTokens, 0, 1, 0, 0, List.of());
  }
}
