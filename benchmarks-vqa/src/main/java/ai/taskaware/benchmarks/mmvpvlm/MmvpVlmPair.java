package ai.taskaware.benchmarks.mmvpvlm;

import java.nio.file.Path;

/**
 * Two consecutive rows of MMVP-VLM's {@code Questions.csv}.
 *
 * @param qid1 the first row's question id
 * @param qid2 the second row's question id
 * @param type the first row's type, which names both images' folder (as the script does)
 * @param statement1 the first statement
 * @param statement2 the second statement
 * @param image1 {@code MLLM_VLM Images/{type}/{qid1}.jpg}
 * @param image2 {@code MLLM_VLM Images/{type}/{qid2}.jpg}
 */
public record MmvpVlmPair(
    int qid1,
    int qid2,
    String type,
    String statement1,
    String statement2,
    Path image1,
    Path image2) {

  /** The text scored for statement 1: {@code 'a photo of ' + statement1}. */
  public String text1() {
    return "a photo of " + statement1;
  }

  /** The text scored for statement 2: {@code 'a photo of ' + statement2}. */
  public String text2() {
    return "a photo of " + statement2;
  }
}
