package ai.taskaware.benchmarks.mmvp;

import java.nio.file.Path;

/**
 * One row of MMVP's {@code Questions.csv}.
 *
 * @param index the 1-based row number, which is also the image's file name ({@code
 *     evaluate_mllm.py}: {@code photo_id = index + 1})
 * @param question the question
 * @param options the options text, e.g. {@code "(a) Open (b) Closed"}
 * @param correctAnswer the correct option, e.g. {@code "(a)"}
 * @param image the image file
 */
public record MmvpQuestion(
    int index, String question, String options, String correctAnswer, Path image) {

  /** The prompt {@code evaluate_mllm.py} builds: {@code row['Question'] + " " + row['Options']}. */
  public String prompt() {
    return question + " " + options;
  }
}
