package ai.taskaware.benchmarks.mmvpvlm;

/**
 * One pair's result: the columns of {@code evaluate_vlm.py}'s {@code output.csv}.
 *
 * @param qid1 first question id
 * @param qid2 second question id
 * @param pred1 {@code "img1"} or {@code "img2"}, the image statement 1 picks
 * @param pred2 the image statement 2 picks
 * @param gt1 statement 1's image ({@code "img1"} when qid1 is odd)
 * @param gt2 statement 2's image
 * @param q1score softmax probability of image 1 given statement 1
 * @param q2score softmax probability of image 1 given statement 2
 */
public record MmvpVlmRecord(
    int qid1,
    int qid2,
    String pred1,
    String pred2,
    String gt1,
    String gt2,
    double q1score,
    double q2score) {

  /** Both statements picked their own image. */
  public boolean correct() {
    return pred1.equals(gt1) && pred2.equals(gt2);
  }
}
