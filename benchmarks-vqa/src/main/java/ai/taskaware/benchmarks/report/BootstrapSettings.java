package ai.taskaware.benchmarks.report;

/**
 * How a bootstrap is drawn.
 *
 * @param resamples number of resamples (≥ 1)
 * @param seed seed of the Mersenne Twister that draws them (recorded in the provenance)
 * @param confidence two-sided confidence level in (0, 1), e.g. 0.95
 */
public record BootstrapSettings(int resamples, long seed, double confidence) {

  public BootstrapSettings {
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
    }
  }

  /** 1,000 resamples, seed 0, 95 % intervals. */
  public static BootstrapSettings defaults() {
    return new BootstrapSettings(1000, 0, 0.95);
  }
}
