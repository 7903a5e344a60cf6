package ai.taskaware.metrics.spice;

/**
 * SPICE's F-score of candidate tuples against reference tuples, with its counts.
 *
 * <p>Per image: {@code tp} counts candidate tuples that match some reference tuple (a reference
 * tuple may be matched by several), {@code fp} = candidates − tp, {@code fn} = references − tp.
 * Precision and recall are 0 when undefined and F is 0 unless both are positive; in a category (not
 * "All") an image without reference tuples has NaN for all three, as in SPICE 1.0.
 *
 * <p>As a mean over images ({@link SpiceScores#categories()}): F, precision and recall averaged
 * over the images where they are not NaN ({@code images} of them; NaN when there are none), counts
 * summed over all images.
 *
 * @param f F1 score
 * @param precision precision
 * @param recall recall
 * @param tp true positives
 * @param fp false positives
 * @param fn false negatives
 * @param images 1 for one image's score (SPICE's {@code numImages}); for a mean, the images whose F
 *     it averages (0 when none)
 */
public record TupleScore(
    double f, double precision, double recall, int tp, int fp, int fn, int images) {

  /** One image's score from its counts, as SPICE 1.0's {@code Evaluation.calcFScore}. */
  static TupleScore of(int tp, int candidates, int references, boolean nanWithoutReferences) {
    int fp = candidates - tp;
    int fn = references - tp;
    if (references == 0 && nanWithoutReferences) {
      return new TupleScore(Double.NaN, Double.NaN, Double.NaN, tp, fp, fn, 1);
    }
    double recall = 0;
    double precision = 0;
    double f = 0;
    if (references > 0) {
      recall = (double) tp / references;
      if (candidates > 0) {
        precision = (double) tp / candidates;
      }
      if (precision > 0 && recall > 0) {
        f = 2 * precision * recall / (precision + recall);
      }
    }
    return new TupleScore(f, precision, recall, tp, fp, fn, 1);
  }
}
