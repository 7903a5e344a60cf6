package ai.taskaware.benchmarks.harness;

import ai.taskaware.benchmarks.report.BootstrapSettings;
import ai.taskaware.core.model.ProgressListener;
import ai.taskaware.core.provenance.Provenance;
import java.nio.file.Path;

/**
 * Where and how a benchmark run writes its results.
 *
 * @param outputDir folder for {@code predictions.jsonl} (the append-only log, one line per finished
 *     item), {@code predictions.json} (all items in dataset order, with provenance) and {@code
 *     summary.json} (scores with provenance)
 * @param resume keep the items already in {@code predictions.jsonl} and evaluate only the rest;
 *     when false the log is started afresh
 * @param provenance what is being evaluated (model fingerprints, options); the runner adds the
 *     benchmark's own options
 * @param listener progress of the run
 * @param workers items evaluated concurrently (≥ 1); models and judges must be thread-safe, as
 *     their interfaces require. Results and reports are in dataset order whatever this is.
 * @param bootstrap how the confidence intervals of {@code report.json} / {@code report.md} are
 *     drawn
 */
public record RunSettings(
    Path outputDir,
    boolean resume,
    Provenance provenance,
    ProgressListener listener,
    int workers,
    BootstrapSettings bootstrap) {

  /** The file name of the append-only per-item log in {@link #outputDir()}. */
  public static final String LOG = "predictions.jsonl";

  /** The file name of the ordered per-item result file in {@link #outputDir()}. */
  public static final String PREDICTIONS = "predictions.json";

  /** The file name of the summary in {@link #outputDir()}. */
  public static final String SUMMARY = "summary.json";

  public RunSettings {
    if (outputDir == null || provenance == null) {
      throw new IllegalArgumentException("outputDir and provenance must be set");
    }
    if (listener == null) {
      listener = ProgressListener.NONE;
    }
    if (bootstrap == null) {
      bootstrap = BootstrapSettings.defaults();
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, got " + workers);
    }
  }

  /** Settings with one worker and the default bootstrap. */
  public RunSettings(
      Path outputDir, boolean resume, Provenance provenance, ProgressListener listener) {
    this(outputDir, resume, provenance, listener, 1, BootstrapSettings.defaults());
  }

  /** Settings with {@code workers} workers and the default bootstrap. */
  public RunSettings(
      Path outputDir,
      boolean resume,
      Provenance provenance,
      ProgressListener listener,
      int workers) {
    this(outputDir, resume, provenance, listener, workers, BootstrapSettings.defaults());
  }

  /** The same settings with {@code provenance} replaced. */
  public RunSettings withProvenance(Provenance provenance) {
    return new RunSettings(outputDir, resume, provenance, listener, workers, bootstrap);
  }

  /** The append-only per-item log. */
  public Path logFile() {
    return outputDir.resolve(LOG);
  }

  /** The ordered per-item result file. */
  public Path predictionsFile() {
    return outputDir.resolve(PREDICTIONS);
  }

  /** The summary file. */
  public Path summaryFile() {
    return outputDir.resolve(SUMMARY);
  }
}
