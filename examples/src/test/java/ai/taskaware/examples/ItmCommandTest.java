package ai.taskaware.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.taskaware.core.model.ProgressListener;
import ai.taskaware.core.provenance.ResultFile;
import ai.taskaware.examples.demo.DemoPack;
import ai.taskaware.examples.demo.SyntheticBenchmark;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItmCommandTest {

  @TempDir static Path dir;
  static DemoPack pack;
  static Path data;

  @BeforeAll
  static void packAndBenchmark() {
    pack = DemoPack.ensure(dir.resolve("pack"), ProgressListener.NONE);
    data = dir.resolve("benchmark");
    SyntheticBenchmark.write(data, 7, ProgressListener.NONE);
  }

  /** The numbers of the printed table row (the line after the header). */
  private static double[] printedRow(CliRun run) {
    List<String> lines = run.out().lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("scorer")) {
        String[] cells = lines.get(i + 1).trim().split("\\s+");
        return Arrays.stream(cells, 1, cells.length).mapToDouble(Double::parseDouble).toArray();
      }
    }
    throw new AssertionError("no table row in\n" + run);
  }

  @Test
  void mmvpVlmWithClipPrintsTheSummaryRow() {
    Path out = dir.resolve("mmvp-clip");
    CliRun run =
        CliRun.of(
            "itm",
            "--benchmark",
            "mmvp-vlm",
            "--data",
            data.resolve("mmvp-vlm").toString(),
            "--scorer",
            "clip",
            "--clip",
            pack.clip().toString(),
            "--out",
            out.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode summary = ResultFile.readResults(out.resolve("summary.json"));
    List<Double> expected = new ArrayList<>();
    summary.get("perPattern").forEach(v -> expected.add(v.asDouble()));
    assertThat(expected).hasSize(9);
    expected.add(summary.get("average").asDouble());
    double[] printed = printedRow(run);
    assertThat(printed).hasSize(10);
    for (int i = 0; i < printed.length; i++) {
      assertThat(printed[i]).as("column " + i).isCloseTo(expected.get(i), within(0.05 + 1e-9));
    }
    assertThat(out.resolve("predictions.json")).isRegularFile();
    assertThat(ResultFile.readProvenance(out.resolve("summary.json")).checkpoints())
        .containsKey("clip");
  }

  @Test
  void winogroundWithCrossAttentionPrintsTheSummaryRow() {
    Path out = dir.resolve("wino-sd");
    CliRun run =
        CliRun.of(
            "itm",
            "--benchmark",
            "winoground",
            "--data",
            data.resolve("winoground").toString(),
            "--scorer",
            "sd-xattn",
            "--sd",
            pack.stableDiffusion().toString(),
            "--timesteps",
            "189,589",
            "--seeds",
            "0",
            "--limit",
            "4",
            "--out",
            out.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode summary = ResultFile.readResults(out.resolve("summary.json"));
    assertThat(summary.get("examples").asInt()).isEqualTo(4);
    double[] printed = printedRow(run);
    assertThat(printed).hasSize(3);
    assertThat(printed[0]).isCloseTo(summary.get("text").asDouble(), within(0.0005 + 1e-9));
    assertThat(printed[1]).isCloseTo(summary.get("image").asDouble(), within(0.0005 + 1e-9));
    assertThat(printed[2]).isCloseTo(summary.get("group").asDouble(), within(0.0005 + 1e-9));
  }

  @Test
  void scorerWithoutItsModelFolderIsABadInputNamingTheOption() {
    CliRun run =
        CliRun.of(
            "itm",
            "--benchmark",
            "winoground",
            "--data",
            data.resolve("winoground").toString(),
            "--scorer",
            "sd-discffusion",
            "--out",
            dir.resolve("x").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("--sd DIR is required by --scorer sd-discffusion");
  }
}
