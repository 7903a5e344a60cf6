package ai.taskaware.benchmarks.blink;

import ai.taskaware.benchmarks.io.ImageSource;
import java.util.List;

/**
 * One BLINK question.
 *
 * @param idx the id, e.g. {@code "val_Art_Style_1"}
 * @param subtask the subtask, e.g. {@code "Art_Style"}
 * @param question the question
 * @param choices the option texts, in order (A, B, …)
 * @param answer the gold option, e.g. {@code "(A)"}
 * @param prompt the full prompt the dataset provides (question, options and instructions)
 * @param images one to four images, in order
 */
public record BlinkQuestion(
    String idx,
    String subtask,
    String question,
    List<String> choices,
    String answer,
    String prompt,
    List<ImageSource> images) {

  public BlinkQuestion {
    choices = List.copyOf(choices);
    images = List.copyOf(images);
  }

  /**
   * The prompt sent to the model: {@code load_prompt} prefixes the disclaimer for Forensic
   * Detection, Jigsaw and Art Style.
   */
  public String modelPrompt() {
    return BlinkSubtasks.NEED_DISCLAIMER.contains(subtask)
        ? BlinkSubtasks.DISCLAIMER + prompt
        : prompt;
  }
}
