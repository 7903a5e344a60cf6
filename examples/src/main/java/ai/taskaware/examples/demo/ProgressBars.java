package ai.taskaware.examples.demo;

import ai.taskaware.core.model.ProgressListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import me.tongfei.progressbar.ProgressBar;

/**
 * A {@link ProgressListener} that shows one progress bar per stage: a stage's bar opens at its
 * first report and closes when it reaches its total (or when this closes).
 */
final class ProgressBars implements ProgressListener, AutoCloseable {

  private final BiFunction<String, Long, ProgressBar> open;
  private final Map<String, ProgressBar> bars = new LinkedHashMap<>();

  /** Bars made by {@code open(stage, total)}. */
  ProgressBars(BiFunction<String, Long, ProgressBar> open) {
    this.open = open;
  }

  @Override
  public synchronized void progress(String stage, long done, long total) {
    ProgressBar bar = bars.computeIfAbsent(stage, s -> open.apply(s, total));
    if (total > 0) {
      bar.maxHint(total);
    }
    bar.stepTo(done);
    if (total > 0 && done >= total) {
      bar.close();
      bars.remove(stage);
    }
  }

  @Override
  public synchronized void close() {
    bars.values().forEach(ProgressBar::close);
    bars.clear();
  }
}
