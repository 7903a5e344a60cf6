package ai.taskaware.core.model;

import ai.taskaware.core.image.RgbImage;
import java.util.List;

/**
 * A multimodal model that answers a prompt about zero or more images (LLaVA-style: visual tokens
 * spliced into the language model's prompt at {@code <image>}).
 *
 * <p>Implementations are thread-safe and own native resources: close them.
 */
public interface VqaModel extends AutoCloseable {

  /**
   * Generates an answer.
   *
   * @param images images referenced by the prompt, in order
   * @param prompt the user's question, including any option list and answer-format instruction
   * @param settings decoding settings
   * @return the generated text without the prompt
   */
  String answer(List<RgbImage> images, String prompt, GenerationSettings settings);

  /**
   * Log-likelihood of each candidate continuation of the prompt, for multiple-choice evaluation
   * without free generation.
   *
   * @return one summed log-probability per option, in the order given
   */
  double[] scoreOptions(List<RgbImage> images, String prompt, List<String> options);

  @Override
  void close();
}
