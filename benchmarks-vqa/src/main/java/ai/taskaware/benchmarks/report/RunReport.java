package ai.taskaware.benchmarks.report;

import ai.taskaware.core.provenance.Provenance;
import ai.taskaware.core.provenance.ResultFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a run's scores with confidence intervals: {@code report.json} (through {@code ResultFile},
 * with the run's provenance plus the bootstrap seed and settings) and {@code report.md} (one
 * Markdown table).
 */
public final class RunReport {

  /** The JSON report's file name in the run's output folder. */
  public static final String JSON = "report.json";

  /** The Markdown report's file name in the run's output folder. */
  public static final String MARKDOWN = "report.md";

  private RunReport() {}

  /**
   * Computes the intervals of {@code run} and writes both reports.
   *
   * @return score name → interval
   */
  public static <U> Map<String, Interval> write(
      String title,
      Resampling<U> run,
      BootstrapSettings bootstrap,
      Path outputDir,
      Provenance provenance) {
    Map<String, Interval> intervals = Bootstrap.intervals(run, bootstrap);
    ResultFile.write(
        outputDir.resolve(JSON),
        intervals,
        provenance
            .withSeed("bootstrap", bootstrap.seed())
            .withOption("bootstrap.resamples", bootstrap.resamples())
            .withOption("bootstrap.confidence", bootstrap.confidence())
            .withOption("bootstrap.units", run.units().size()));
    writeText(outputDir.resolve(MARKDOWN), markdown(title, intervals, bootstrap));
    return intervals;
  }

  /** The Markdown table: one row per score, value and interval with four decimals. */
  public static String markdown(
      String title, Map<String, Interval> intervals, BootstrapSettings bootstrap) {
    StringBuilder md = new StringBuilder();
    md.append("## ").append(title).append("\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "| score | value | %.0f%% CI (bootstrap, %d resamples) |\n| --- | ---: | ---: |\n",
            bootstrap.confidence() * 100,
            bootstrap.resamples()));
    intervals.forEach(
        (name, i) ->
            md.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %.4f | [%.4f, %.4f] |\n",
                    name,
                    i.estimate(),
                    i.low(),
                    i.high())));
    return md.toString();
  }

  private static void writeText(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report " + file, e);
    }
  }
}
