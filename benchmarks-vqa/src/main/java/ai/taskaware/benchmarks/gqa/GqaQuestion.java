package ai.taskaware.benchmarks.gqa;

import java.nio.file.Path;

/**
 * One GQA question.
 *
 * @param questionId the key in the questions file
 * @param imageId the image id
 * @param image {@code images/{imageId}.jpg}
 * @param question the question
 * @param answer the gold answer
 * @param balanced {@code isBalanced}
 * @param structuralType {@code types.structural} (e.g. {@code "query"}, {@code "verify"}), empty
 *     when absent
 */
public record GqaQuestion(
    String questionId,
    String imageId,
    Path image,
    String question,
    String answer,
    boolean balanced,
    String structuralType) {

  /** The instruction LLaVA appends to every GQA question. */
  public static final String SUFFIX = "Answer the question using a single word or phrase.";

  /** The prompt: question, a newline and {@link #SUFFIX}. */
  public String prompt() {
    return question + "\n" + SUFFIX;
  }
}
