package ai.taskaware.benchmarks.harness;

import ai.taskaware.core.provenance.ResultFile;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a per-item evaluation over a benchmark's items in dataset order, skipping items already in
 * the log, and writes the summary. Results come back in dataset order whatever was resumed, so
 * reports are deterministic.
 */
public final class Evaluation {

  private Evaluation() {}

  /**
   * Evaluates every item not yet in {@code settings.predictionsFile()}.
   *
   * @param stage name reported to the progress listener
   * @param items the benchmark's items, in dataset order
   * @param id the stable id of an item (the log's key)
   * @param evaluate produces an item's result record (model call, answer extraction, judging)
   * @param type the record class, to read a resumed log
   * @param recordId the id a record belongs to
   * @return one record per item, in item order
   */
  public static <I, R> List<R> run(
      String stage,
      List<I> items,
      Function<I, String> id,
      Function<I, R> evaluate,
      Class<R> type,
      Function<R, String> recordId,
      RunSettings settings) {
    List<R> results = new ArrayList<>(items.size());
    try (ItemLog<R> log =
        ItemLog.open(settings.predictionsFile(), type, recordId, settings.resume())) {
      long done = 0;
      settings.listener().progress(stage, 0, items.size());
      for (I item : items) {
        String key = id.apply(item);
        R record = log.get(key).orElse(null);
        if (record == null) {
          record = evaluate.apply(item);
          log.append(record);
        }
        results.add(record);
        settings.listener().progress(stage, ++done, items.size());
      }
    }
    return results;
  }

  /** Writes {@code scores} with {@code settings}' provenance to {@code summary.json}. */
  public static void writeSummary(Object scores, RunSettings settings) {
    ResultFile.write(settings.summaryFile(), scores, settings.provenance());
  }
}
