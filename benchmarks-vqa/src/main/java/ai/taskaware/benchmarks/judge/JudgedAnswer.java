package ai.taskaware.benchmarks.judge;

import java.util.List;

/**
 * A model's answer with what a judge needs to decide it.
 *
 * @param prompt the prompt the model was asked (question with options, as sent)
 * @param options the option texts in label order (a/A first), or empty for an open question
 * @param correctAnswer the answer key: an option label such as {@code "(a)"} or {@code "B"}, an
 *     option text, or the expected free-form answer
 * @param response the model's answer
 */
public record JudgedAnswer(
    String prompt, List<String> options, String correctAnswer, String response) {

  /** Checks and copies. */
  public JudgedAnswer {
    if (prompt == null || correctAnswer == null || response == null) {
      throw new IllegalArgumentException("prompt, correct answer and response must not be null");
    }
    options = options == null ? List.of() : List.copyOf(options);
  }
}
