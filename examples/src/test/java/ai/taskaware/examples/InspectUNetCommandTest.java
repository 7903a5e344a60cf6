package ai.taskaware.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.checkpoint.SafetensorsFile;
import ai.taskaware.core.checkpoint.SafetensorsWriter;
import ai.taskaware.diffusion.unet.UNetCheckpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inspect unet} on the tiny SD2.1-layout U-Net (diffusers 0.27.2 fixture): every saved
 * activation of the reference case comes out within 1e-4, under the name it was requested by, in
 * diffusers and paper spellings.
 */
class InspectUNetCommandTest {
  private static final double TOLERANCE = 1e-4;
  private static final Set<String> INPUTS = Set.of("sample", "timestep", "encoder_hidden_states");

  @Test
  void savesEveryRequestedTapUnderItsGivenNameMatchingDiffusers(@TempDir Path dir) {
    Path folder = CliRun.resource("unet-tiny/config.json").getParent();
    Path reference = CliRun.resource("unet-tiny/case_b1_t50_cond.safetensors");
    Path out = dir.resolve("out.safetensors");
    // name as requested -> fixture tensor it must equal
    Map<String, String> expectedFrom = new LinkedHashMap<>();
    try (SafetensorsFile ref = SafetensorsFile.open(reference);
        UNetCheckpoint unet = UNetCheckpoint.open(folder)) {
      for (String name : ref.names()) {
        if (!INPUTS.contains(name)) {
          expectedFrom.put(name, name);
        }
      }
      // the same activations under their other spellings (paper / generic names), stored so
      for (String name : List.copyOf(expectedFrom.keySet())) {
        for (String spelling : unet.layout().resolve(name).spellings()) {
          if (!expectedFrom.containsKey(spelling)) {
            expectedFrom.put(spelling, name);
          }
        }
      }
      assertThat(expectedFrom.keySet()).contains("U-L1-R1-Vit-Out", "up-level1-repeat1-vit-out");
    }
    long start = System.nanoTime();
    CliRun run =
        CliRun.of(
            "inspect",
            "unet",
            "--checkpoint",
            folder.toString(),
            "--inputs",
            reference.toString(),
            "--outputs",
            String.join(",", expectedFrom.keySet()),
            "--out",
            out.toString());
    System.out.printf("inspect unet: %.1f s%n", (System.nanoTime() - start) / 1e9);
    assertThat(run.exitCode()).as(run.toString()).isZero();

    try (SafetensorsFile ref = SafetensorsFile.open(reference);
        SafetensorsFile actual = SafetensorsFile.open(out)) {
      assertThat(actual.names()).containsExactlyInAnyOrderElementsOf(expectedFrom.keySet());
      double worst = 0;
      List<String> failed = new ArrayList<>();
      for (Map.Entry<String, String> e : expectedFrom.entrySet()) {
        double d = CliRun.maxAbsDiff(actual.floatArray(e.getKey()), ref.floatArray(e.getValue()));
        worst = Math.max(worst, d);
        if (d > TOLERANCE) {
          failed.add(e.getKey() + " " + d);
        }
      }
      System.out.printf("inspect unet: %d taps, max|diff| = %.3e%n", expectedFrom.size(), worst);
      assertThat(failed).isEmpty();
    }
  }

  @Test
  void anUnknownTapExitsOneWithTheTapListing(@TempDir Path dir) {
    Path folder = CliRun.resource("unet-tiny/config.json").getParent();
    CliRun run =
        CliRun.of(
            "inspect",
            "unet",
            "--checkpoint",
            folder.toString(),
            "--inputs",
            CliRun.resource("unet-tiny/case_b1_t50_cond.safetensors").toString(),
            "--outputs",
            "mid_block,down_blocks.9.nothing",
            "--out",
            dir.resolve("o.safetensors").toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err())
        .contains("unknown tap 'down_blocks.9.nothing'", "taps of this U-Net", "down_blocks.0");
    assertThat(run.err()).doesNotContain("\tat ");
  }

  @Test
  void aMissingInputTensorIsNamed(@TempDir Path dir) {
    Path in = dir.resolve("in.safetensors");
    try (SafetensorsFile ref =
        SafetensorsFile.open(CliRun.resource("unet-tiny/case_b1_t50_cond.safetensors"))) {
      new SafetensorsWriter()
          .add("sample", ref.floatArray("sample"))
          .add("timestep", ref.array("timestep"))
          .write(in);
    }
    CliRun run =
        CliRun.of(
            "inspect",
            "unet",
            "--checkpoint",
            CliRun.resource("unet-tiny/config.json").getParent().toString(),
            "--inputs",
            in.toString(),
            "--outputs",
            "conv_in",
            "--out",
            dir.resolve("o.safetensors").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains(in.toString(), "no tensor 'encoder_hidden_states'");
  }
}
