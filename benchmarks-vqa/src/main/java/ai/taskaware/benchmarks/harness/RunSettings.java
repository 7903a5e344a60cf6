package ai.taskaware.benchmarks.harness;

import ai.taskaware.core.model.ProgressListener;
import ai.taskaware.core.provenance.Provenance;
import java.nio.file.Path;

/**
 * Where and how a benchmark run writes its results.
 *
 * @param outputDir folder for {@code predictions.jsonl} (one line per finished item) and {@code
 *     summary.json} (scores with provenance)
 * @param resume keep the items already in {@code predictions.jsonl} and evaluate only the rest;
 *     when false the log is started afresh
 * @param provenance what is being evaluated (model fingerprints, options); the runner adds the
 *     benchmark's own options
 * @param listener progress of the run
 */
public record RunSettings(
    Path outputDir, boolean resume, Provenance provenance, ProgressListener listener) {

  /** The file name of the per-item log in {@link #outputDir()}. */
  public static final String PREDICTIONS = "predictions.jsonl";

  /** The file name of the summary in {@link #outputDir()}. */
  public static final String SUMMARY = "summary.json";

  public RunSettings {
    if (outputDir == null || provenance == null) {
      throw new IllegalArgumentException("outputDir and provenance must be set");
    }
    if (listener == null) {
      listener = ProgressListener.NONE;
    }
  }

  /** The per-item log file. */
  public Path predictionsFile() {
    return outputDir.resolve(PREDICTIONS);
  }

  /** The summary file. */
  public Path summaryFile() {
    return outputDir.resolve(SUMMARY);
  }
}
