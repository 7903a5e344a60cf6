package ai.taskaware.examples.demo;

import ai.taskaware.benchmarks.harness.RunSettings;
import ai.taskaware.benchmarks.mmvpvlm.MmvpVlmPair;
import ai.taskaware.benchmarks.mmvpvlm.MmvpVlmRunner;
import ai.taskaware.benchmarks.winoground.WinogroundExample;
import ai.taskaware.benchmarks.winoground.WinogroundRunner;
import ai.taskaware.clip.ClipRuntime;
import ai.taskaware.core.model.ImageTextScorer;
import ai.taskaware.core.model.ProgressListener;
import ai.taskaware.core.provenance.Provenance;
import ai.taskaware.core.provenance.ResultFile;
import ai.taskaware.examples.itm.ImageTextScorers;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Image–text matching (the paper's Table 1): every scorer of {@link #scorers} through
 * benchmarks-vqa's MMVP-VLM and Winoground runners, each run in its own folder; the table's numbers
 * are read back from the runners' {@code summary.json} files.
 */
final class ImageTextMatching {

  /** Items scored concurrently (scorers are thread-safe, as ImageTextScorer requires). */
  static final int WORKERS = 2;

  private ImageTextMatching() {}

  /**
   * One row of the table: a scorer's scores and the summary files they were read from (paths
   * relative to the report folder).
   *
   * @param scorer the scorer's name
   * @param mmvpVlmAverage MMVP-VLM average over the nine patterns, percent
   * @param winogroundText Winoground text score, fraction
   * @param winogroundImage Winoground image score, fraction
   * @param winogroundGroup Winoground group score, fraction
   * @param mmvpVlmSummary the MMVP-VLM run's {@code summary.json}
   * @param winogroundSummary the Winoground run's {@code summary.json}
   */
  record Row(
      String scorer,
      double mmvpVlmAverage,
      double winogroundText,
      double winogroundImage,
      double winogroundGroup,
      Path mmvpVlmSummary,
      Path winogroundSummary) {}

  /**
   * The image–text scorers the demo compares, in table order (the paper's Table 1: CLIP against
   * Stable Diffusion's cross-attention). This is the one place that decides them: a scorer added
   * here gets its rows in the table and its runs in the report.
   */
  static List<ImageTextScorer> scorers(DemoPack pack, ClipRuntime runtime) {
    List<ImageTextScorer> scorers = new ArrayList<>();
    scorers.add(
        ImageTextScorers.open(ImageTextScorers.Kind.CLIP, pack.clip(), runtime, null, null));
    // The paper's pooling at its five timesteps; one noise trial (seed 0) keeps the demo within a
    // minute on 2 cores — the paper averages 3 trials (CrossAttentionScoring.paper()'s default).
    scorers.add(
        ImageTextScorers.open(
            ImageTextScorers.Kind.SD_XATTN, pack.stableDiffusion(), runtime, null, List.of(0L)));
    return scorers;
  }

  /**
   * Runs both benchmarks with every scorer; runs go to {@code itm/<scorer>/<benchmark>/} under
   * {@code reportDir}.
   */
  static List<Row> run(
      List<ImageTextScorer> scorers,
      List<MmvpVlmPair> mmvpVlm,
      List<WinogroundExample> winoground,
      Path reportDir,
      Provenance provenance,
      ProgressListener progress) {
    List<Row> rows = new ArrayList<>();
    for (ImageTextScorer scorer : scorers) {
      Path folder = reportDir.resolve("itm").resolve(safeName(scorer.name()));
      RunSettings mmvp =
          new RunSettings(folder.resolve("mmvp-vlm"), false, provenance, progress, WORKERS);
      MmvpVlmRunner.run(scorer, mmvpVlm, mmvp);
      RunSettings wino =
          new RunSettings(folder.resolve("winoground"), false, provenance, progress, WORKERS);
      WinogroundRunner.run(scorer, winoground, wino);
      JsonNode m = ResultFile.readResults(mmvp.summaryFile());
      JsonNode w = ResultFile.readResults(wino.summaryFile());
      rows.add(
          new Row(
              scorer.name(),
              m.get("average").asDouble(),
              w.get("text").asDouble(),
              w.get("image").asDouble(),
              w.get("group").asDouble(),
              reportDir.relativize(mmvp.summaryFile()),
              reportDir.relativize(wino.summaryFile())));
    }
    return rows;
  }

  /** A scorer name as a folder name. */
  static String safeName(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]+", "_");
  }
}
