package ai.taskaware.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.taskaware.core.provenance.ResultFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench command's code path on the tiny shape (the figures themselves come from running it, not
 * from tests).
 */
class BenchCommandTest {

  @Test
  void tinyBenchMeasuresEveryComponentAndReusesItsCheckpoint(@TempDir Path dir) {
    String[] args = {
      "bench",
      "--shape",
      "tiny",
      "--runs",
      "1",
      "--cache",
      dir.resolve("cache").toString(),
      "--out",
      dir.resolve("bench.json").toString()
    };
    CliRun first = CliRun.of(args);
    assertThat(first.exitCode()).as(first.toString()).isZero();
    var rows = ResultFile.readResults(dir.resolve("bench.json"));
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0).get("component").asText()).startsWith("vae-encoder");
    assertThat(rows.get(2).get("component").asText()).contains("U-L1-R1");
    for (var row : rows) {
      assertThat(row.get("seconds_per_image").asDouble()).isPositive();
    }
    CliRun second =
        CliRun.of(
            "bench",
            "--shape",
            "tiny",
            "--runs",
            "1",
            "--components",
            "sd-scorer,clip-vision",
            "--cache",
            dir.resolve("cache").toString(),
            "--out",
            dir.resolve("scorer.json").toString());
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.err()).doesNotContain("generating sd-tiny").doesNotContain("generating tiny");
    var scorer = ResultFile.readResults(dir.resolve("scorer.json"));
    assertThat(scorer).hasSize(2);
    assertThat(scorer.get(0).get("pairs_per_second").asDouble()).isPositive();
    assertThat(scorer.get(1).get("component").asText()).startsWith("clip-vision");
  }

  @Test
  void metricComponentsNeedNoCheckpointAndReportTimedRows(@TempDir Path dir) {
    CliRun run =
        CliRun.of(
            "bench",
            "--components",
            "captions,cka",
            "--caption-images",
            "50",
            "--cka-examples",
            "40",
            "--cka-batch",
            "10",
            "--cache",
            dir.resolve("cache").toString(),
            "--out",
            dir.resolve("metrics.json").toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err()).doesNotContain("generating");
    assertThat(dir.resolve("cache/sd-tiny-seed1234")).doesNotExist();
    var rows = ResultFile.readResults(dir.resolve("metrics.json"));
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).get("component").asText()).startsWith("captions").contains("50 images");
    assertThat(rows.get(0).get("scores").get("CIDEr").asDouble()).isPositive();
    assertThat(rows.get(0).get("scores").get("Bleu_1").asDouble()).isBetween(0.2, 0.99);
    // 40 x 327,680 floats fit, so the Gram form runs on the full 256x1280 features here.
    assertThat(rows.get(1).get("component").asText()).startsWith("cka linear gram n=40 d=256x1280");
    assertThat(rows.get(2).get("component").asText())
        .startsWith("cka minibatch n=40 d=256x1280 batch 10");
    for (var row : rows) {
      assertThat(row.get("seconds").asDouble()).as(row.toString()).isPositive();
      assertThat(row.get("images_per_second").asDouble()).isPositive();
      assertThat(row.get("peak_rss_mb").asDouble()).isPositive();
    }
    // y = 0.6 x + noise of equal spread: population linear CKA is 0.36 / 1.36 = 0.265, which the
    // debiased minibatch estimate finds; the biased Gram form drifts towards 1 when features far
    // outnumber examples (each Gram is then nearly diagonal), so only its range is checked.
    assertThat(rows.get(1).get("cka").asDouble()).isBetween(0.05, 1.0);
    assertThat(rows.get(2).get("cka").asDouble()).isCloseTo(0.265, within(0.05));
  }

  @Test
  void spiceComponentTimesParsingAndScoring(@TempDir Path dir) {
    CliRun run =
        CliRun.of(
            "bench",
            "--components",
            "spice",
            "--spice-images",
            "3",
            "--corenlp",
            System.getProperty("taskaware.corenlp"),
            "--out",
            dir.resolve("spice.json").toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    var rows = ResultFile.readResults(dir.resolve("spice.json"));
    assertThat(rows).hasSize(1);
    var row = rows.get(0);
    assertThat(row.get("component").asText()).startsWith("spice corenlp-4.5.10 3 images x 5 refs");
    // 3 images x (5 references + 1 candidate), repeats parsed once
    assertThat(row.get("captions_parsed").asInt()).isBetween(2, 18);
    assertThat(row.get("session_seconds").asDouble()).isPositive();
    assertThat(row.get("seconds").asDouble()).isGreaterThan(row.get("session_seconds").asDouble());
    assertThat(row.get("spice").asDouble()).isBetween(0.0, 1.0);
    assertThat(row.get("peak_rss_mb").asDouble()).isPositive();
  }

  @Test
  void ckaBatchThatDoesNotDivideTheExamplesIsAnInputError(@TempDir Path dir) {
    CliRun run =
        CliRun.of(
            "bench",
            "--components",
            "cka",
            "--cka-examples",
            "42",
            "--cka-batch",
            "10",
            "--out",
            dir.resolve("b.json").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("--cka-batch", "42");
  }

  @Test
  void unknownShapeOrComponentIsAnInputError(@TempDir Path dir) {
    CliRun run = CliRun.of("bench", "--shape", "huge", "--out", dir.resolve("b.json").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("--shape", "huge");
    CliRun component =
        CliRun.of(
            "bench",
            "--components",
            "gpu",
            "--cache",
            dir.toString(),
            "--out",
            dir.resolve("b.json").toString());
    assertThat(component.exitCode()).isEqualTo(1);
    assertThat(component.err()).contains("--components", "gpu", "sd-scorer");
  }
}
