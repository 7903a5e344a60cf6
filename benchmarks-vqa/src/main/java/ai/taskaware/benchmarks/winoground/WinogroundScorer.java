package ai.taskaware.benchmarks.winoground;

import java.util.List;

/**
 * Winoground's metrics as the dataset authors' evaluation defines them (facebook/winoground dataset
 * card notebook: {@code text_correct}, {@code image_correct}, {@code group_correct}), with strict
 * {@code >} so that ties count as wrong.
 */
public final class WinogroundScorer {

  private WinogroundScorer() {}

  /** {@code c0_i0 > c1_i0 and c1_i1 > c0_i1}: each image prefers its own caption. */
  public static boolean textCorrect(double c0i0, double c0i1, double c1i0, double c1i1) {
    return c0i0 > c1i0 && c1i1 > c0i1;
  }

  /** {@code c0_i0 > c0_i1 and c1_i1 > c1_i0}: each caption prefers its own image. */
  public static boolean imageCorrect(double c0i0, double c0i1, double c1i0, double c1i1) {
    return c0i0 > c0i1 && c1i1 > c1i0;
  }

  /**
   * The record of one example.
   *
   * @param scores {@code scores[image][caption]}
   */
  public static WinogroundRecord decide(String id, double[][] scores) {
    double c0i0 = scores[0][0];
    double c0i1 = scores[1][0];
    double c1i0 = scores[0][1];
    double c1i1 = scores[1][1];
    boolean text = textCorrect(c0i0, c0i1, c1i0, c1i1);
    boolean image = imageCorrect(c0i0, c0i1, c1i0, c1i1);
    return new WinogroundRecord(id, c0i0, c0i1, c1i0, c1i1, text, image, text && image);
  }

  /**
   * Means of the three outcomes.
   *
   * @throws IllegalArgumentException if there are no records
   */
  public static WinogroundScores score(List<WinogroundRecord> records) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("Winoground scoring needs at least one example");
    }
    int text = 0;
    int image = 0;
    int group = 0;
    for (WinogroundRecord r : records) {
      text += r.textCorrect() ? 1 : 0;
      image += r.imageCorrect() ? 1 : 0;
      group += r.groupCorrect() ? 1 : 0;
    }
    double n = records.size();
    return new WinogroundScores(text / n, image / n, group / n, records.size());
  }
}
