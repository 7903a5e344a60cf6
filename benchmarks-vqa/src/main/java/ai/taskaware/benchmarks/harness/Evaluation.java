package ai.taskaware.benchmarks.harness;

import ai.taskaware.benchmarks.report.Resampling;
import ai.taskaware.benchmarks.report.RunReport;
import ai.taskaware.core.provenance.ResultFile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Runs a per-item evaluation over a benchmark's items, skipping items already in the log, and
 * writes the results and the run report. Results come back in dataset order whatever was resumed
 * and however many workers ran, so reports are deterministic.
 */
public final class Evaluation {

  private Evaluation() {}

  /**
   * Evaluates every item not yet in {@code settings.logFile()}, appending each result as it
   * finishes. If an evaluation fails, the remaining ones are cancelled and the failure is rethrown;
   * finished items stay in the log for a resumed run.
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
    try (ItemLog<R> log = ItemLog.open(settings.logFile(), type, recordId, settings.resume())) {
      AtomicLong done = new AtomicLong();
      List<Integer> pending = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        R record = log.get(id.apply(items.get(i))).orElse(null);
        results.add(record);
        if (record == null) {
          pending.add(i);
        } else {
          done.incrementAndGet();
        }
      }
      settings.listener().progress(stage, done.get(), items.size());
      ExecutorService pool =
          Executors.newFixedThreadPool(Math.min(settings.workers(), Math.max(1, pending.size())));
      try {
        List<Future<R>> futures = new ArrayList<>(pending.size());
        for (int index : pending) {
          I item = items.get(index);
          futures.add(
              pool.submit(
                  () -> {
                    R record = evaluate.apply(item);
                    log.append(record);
                    settings.listener().progress(stage, done.incrementAndGet(), items.size());
                    return record;
                  }));
        }
        for (int k = 0; k < pending.size(); k++) {
          results.set(pending.get(k), await(futures.get(k)));
        }
      } finally {
        // on failure, stop the other workers and let them finish their appends before the log
        // closes (after success every task is done and this returns at once)
        pool.shutdownNow();
        awaitTermination(pool);
      }
    }
    return results;
  }

  private static void awaitTermination(ExecutorService pool) {
    try {
      while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
        // a model call that ignores interruption: keep waiting, its append must not hit a closed
        // log
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static <R> R await(Future<R> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("benchmark run interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("benchmark item failed: " + cause, cause);
    }
  }

  /**
   * Writes the per-item {@code records} (dataset order) to {@code predictions.json} and {@code
   * scores} to {@code summary.json}, both with {@code settings}' provenance.
   */
  public static void writeResults(List<?> records, Object scores, RunSettings settings) {
    ResultFile.write(settings.predictionsFile(), records, settings.provenance());
    ResultFile.write(settings.summaryFile(), scores, settings.provenance());
  }

  /**
   * Writes per-item results and scores ({@link #writeResults}) and the bootstrap report ({@code
   * report.json}, {@code report.md}) of {@code resampling}.
   */
  public static <U> void writeResults(
      String title,
      List<?> records,
      Object scores,
      Resampling<U> resampling,
      RunSettings settings) {
    writeResults(records, scores, settings);
    RunReport.write(
        title, resampling, settings.bootstrap(), settings.outputDir(), settings.provenance());
  }
}
