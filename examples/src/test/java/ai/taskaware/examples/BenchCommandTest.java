package ai.taskaware.examples;

import static org.assertj.core.api.Assertions.assertThat;

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
