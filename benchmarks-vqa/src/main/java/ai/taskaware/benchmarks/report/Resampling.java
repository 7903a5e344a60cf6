package ai.taskaware.benchmarks.report;

import java.util.List;
import java.util.function.Function;

/**
 * What a bootstrap resamples for one run: the benchmark's independent units in dataset order, the
 * stratum of each (resampled within its stratum, strata kept in first-appearance order so
 * position-based scorers still see each stratum where they expect it), and the official scorer.
 *
 * @param units the units (a question, a pair of questions, a sample of four cells, …)
 * @param stratum the stratum of a unit (e.g. a BLINK subtask); a constant for plain resampling
 * @param scorer the official scorer applied to a list of units; its numeric fractional fields
 *     (nested maps and records included) are the scores reported
 * @param <U> the unit type
 */
public record Resampling<U>(
    List<U> units, Function<U, String> stratum, Function<List<U>, Object> scorer) {

  public Resampling {
    if (units == null || units.isEmpty()) {
      throw new IllegalArgumentException("a bootstrap needs at least one unit");
    }
    units = List.copyOf(units);
  }

  /** Resampling of units that all share one stratum. */
  public static <U> Resampling<U> plain(List<U> units, Function<List<U>, Object> scorer) {
    return new Resampling<>(units, u -> "", scorer);
  }
}
