package ai.taskaware.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.taskaware.core.checkpoint.SafetensorsFile;
import ai.taskaware.core.checkpoint.SafetensorsWriter;
import ai.taskaware.core.provenance.ResultFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code cka} on Kornblith et al.'s demo case (float64 X, Y of 100 × 10): the three CKA values
 * equal the reference code's within 1e-9; single-tensor files, flattened 4-D features and bad
 * inputs.
 */
class CkaCommandTest {
  private static final double TOLERANCE = 1e-9;

  @Test
  void demoCaseMatchesTheReferenceCode(@TempDir Path dir) throws Exception {
    Path demo = CliRun.resource("cka/demo_xy.safetensors");
    Path out = dir.resolve("cka.json");
    CliRun run = CliRun.of("cka", "--x", demo + ":X", "--y", demo + ":Y", "--out", out.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode expected = new ObjectMapper().readTree(CliRun.resource("cka/expected.json").toFile());
    JsonNode results = ResultFile.readResults(out);
    assertThat(results.get("linear").asDouble())
        .isCloseTo(expected.get("linear_cka").asDouble(), within(TOLERANCE));
    assertThat(results.get("rbf").asDouble())
        .isCloseTo(expected.get("rbf_cka_threshold_0.5").asDouble(), within(TOLERANCE));
    assertThat(results.get("debiased_linear").asDouble())
        .isCloseTo(expected.get("linear_cka_debiased").asDouble(), within(TOLERANCE));
    assertThat(ResultFile.readProvenance(out).options()).containsEntry("rbf_threshold", "0.5");
  }

  @Test
  void singleTensorFilesAndFlattenedFeatures(@TempDir Path dir) {
    Path x = dir.resolve("x.safetensors");
    Path y = dir.resolve("y.safetensors");
    try (SafetensorsFile demo = SafetensorsFile.open(CliRun.resource("cka/demo_xy.safetensors"))) {
      new SafetensorsWriter().add("features", demo.array("X")).write(x);
      // the same 100 x 10 values as 100 x 2 x 5 x 1: flattened back to 100 x 10
      INDArray y4 = demo.array("Y").reshape('c', 100, 2, 5, 1);
      new SafetensorsWriter().add("h", y4).write(y);
    }
    Path out = dir.resolve("cka.json");
    CliRun run =
        CliRun.of(
            "cka",
            "--x",
            x.toString(),
            "--y",
            y.toString(),
            "--out",
            out.toString(),
            "--rbf-threshold",
            "0.5");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(ResultFile.readResults(out).get("linear").asDouble())
        .isCloseTo(0.557613256611759, within(TOLERANCE));
  }

  @Test
  void badInputsExitOneNamingTheFile(@TempDir Path dir) {
    Path demo = CliRun.resource("cka/demo_xy.safetensors");
    String out = dir.resolve("cka.json").toString();

    CliRun ambiguous = CliRun.of("cka", "--x", demo.toString(), "--y", demo + ":Y", "--out", out);
    assertThat(ambiguous.exitCode()).isEqualTo(1);
    assertThat(ambiguous.err()).contains(demo + ": holds 2 tensors [X, Y]; name one as FILE:NAME");

    CliRun noTensor = CliRun.of("cka", "--x", demo + ":Z", "--y", demo + ":Y", "--out", out);
    assertThat(noTensor.exitCode()).isEqualTo(1);
    assertThat(noTensor.err()).contains("no tensor 'Z'");

    Path short3 = dir.resolve("short.safetensors");
    try (SafetensorsFile d = SafetensorsFile.open(demo)) {
      new SafetensorsWriter().add("X", d.array("X").getRows(0, 1, 2)).write(short3);
    }
    CliRun rows = CliRun.of("cka", "--x", short3.toString(), "--y", demo + ":Y", "--out", out);
    assertThat(rows.exitCode()).isEqualTo(1);
    assertThat(rows.err()).contains("has 3 rows but --y", "has 100");

    CliRun threshold =
        CliRun.of(
            "cka", "--x", demo + ":X", "--y", demo + ":Y", "--out", out, "--rbf-threshold", "-1");
    assertThat(threshold.exitCode()).isEqualTo(1);
    assertThat(threshold.err()).contains("threshold");
  }
}
