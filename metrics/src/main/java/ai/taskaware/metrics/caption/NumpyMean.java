package ai.taskaware.metrics.caption;

/**
 * {@code np.mean} of a float64 vector, summed in numpy's pairwise order (blocks of 128 with eight
 * partial sums) so that means over thousands of images agree with the reference to the last bit.
 */
final class NumpyMean {
  private static final int BLOCK = 128;

  private NumpyMean() {}

  static double of(double[] values) {
    return pairwiseSum(values, 0, values.length) / values.length;
  }

  private static double pairwiseSum(double[] a, int start, int n) {
    if (n < 8) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += a[start + i];
      }
      return sum;
    }
    if (n <= BLOCK) {
      double[] r = new double[8];
      System.arraycopy(a, start, r, 0, 8);
      int i = 8;
      for (; i < n - (n % 8); i += 8) {
        for (int k = 0; k < 8; k++) {
          r[k] += a[start + i + k];
        }
      }
      double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        sum += a[start + i];
      }
      return sum;
    }
    int half = n / 2;
    half -= half % 8;
    return pairwiseSum(a, start, half) + pairwiseSum(a, start + half, n - half);
  }
}
