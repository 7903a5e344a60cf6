package ai.taskaware.core.model;

/**
 * Receives progress of long jobs (feature extraction, benchmark runs, checkpoint generation).
 * Called from the worker thread; implementations must be cheap and thread-safe.
 */
@FunctionalInterface
public interface ProgressListener {

  /** A listener that ignores everything. */
  ProgressListener NONE = (stage, done, total) -> {};

  /**
   * Reports that {@code done} of {@code total} units of {@code stage} are finished.
   *
   * @param stage a short human-readable name of the step (e.g. {@code "extract features"})
   * @param done units finished so far, 0 ≤ done ≤ total
   * @param total total units, or −1 when unknown
   */
  void progress(String stage, long done, long total);
}
