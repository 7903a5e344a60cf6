package ai.taskaware.diffusion.itm;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scores of every image–text pair in every noise trial.
 *
 * @param seeds the seed of each trial
 * @param perTrial float64 (trials, images, texts)
 */
public record TrialScores(List<Long> seeds, INDArray perTrial) {

  /**
   * Checks the shape.
   *
   * @throws IllegalArgumentException when {@code perTrial} is not (seeds, images, texts)
   */
  public TrialScores {
    seeds = List.copyOf(seeds);
    if (perTrial == null || perTrial.rank() != 3 || perTrial.size(0) != seeds.size()) {
      throw new IllegalArgumentException(
          "perTrial must be (" + seeds.size() + " trials, images, texts)");
    }
    perTrial = perTrial.castTo(DataType.DOUBLE).dup('c');
  }

  /** Images scored. */
  public int images() {
    return (int) perTrial.size(1);
  }

  /** Texts scored. */
  public int texts() {
    return (int) perTrial.size(2);
  }

  /** The mean over trials, float64 (images, texts). */
  public INDArray mean() {
    INDArray out = Nd4j.zeros(DataType.DOUBLE, images(), texts());
    for (int i = 0; i < images(); i++) {
      for (int j = 0; j < texts(); j++) {
        out.putScalar(i, j, mean(i, j));
      }
    }
    return out;
  }

  /** The sample standard deviation over trials (n − 1 in the denominator; 0 for one trial). */
  public INDArray std() {
    INDArray out = Nd4j.zeros(DataType.DOUBLE, images(), texts());
    for (int i = 0; i < images(); i++) {
      for (int j = 0; j < texts(); j++) {
        out.putScalar(i, j, std(i, j));
      }
    }
    return out;
  }

  /** The mean over trials of image i against text j. */
  public double mean(int image, int text) {
    double sum = 0;
    for (int k = 0; k < seeds.size(); k++) {
      sum += perTrial.getDouble(k, image, text);
    }
    return sum / seeds.size();
  }

  /** The sample standard deviation over trials of image i against text j. */
  public double std(int image, int text) {
    int n = seeds.size();
    if (n < 2) {
      return 0;
    }
    double m = mean(image, text);
    double ss = 0;
    for (int k = 0; k < n; k++) {
      double d = perTrial.getDouble(k, image, text) - m;
      ss += d * d;
    }
    return Math.sqrt(ss / (n - 1));
  }
}
