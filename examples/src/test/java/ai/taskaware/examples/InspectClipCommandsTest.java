package ai.taskaware.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.checkpoint.SafetensorsFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@code inspect clip-vision} and {@code inspect clip-text} against the transformers 4.31 tiny
 * fixtures.
 */
class InspectClipCommandsTest {

  private static final double TOLERANCE = 1e-4;

  @Test
  void clipVisionOutputsMatchTransformers(@TempDir Path dir) {
    Path folder = CliRun.resource("clip/clip_vision");
    Path out = dir.resolve("vision.safetensors");
    List<String> names =
        List.of(
            "hidden_states.0",
            "hidden_states.3",
            "last_hidden_state",
            "pooler_output",
            "llava_image_features");
    CliRun run =
        CliRun.of(
            "inspect",
            "clip-vision",
            "--checkpoint",
            folder.toString(),
            "--inputs",
            folder.resolve("reference.safetensors").toString(),
            "--outputs",
            String.join(",", names),
            "--out",
            out.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertMatches(folder.resolve("reference.safetensors"), out, names, names);
  }

  @Test
  void clipTextOutputsMatchTransformersWithAndWithoutThePaddingMask(@TempDir Path dir)
      throws Exception {
    Path folder = CliRun.resource("clip/clip_text");
    Path reference = folder.resolve("reference.safetensors");
    Path out = dir.resolve("text.safetensors");
    // The reference file holds attention_mask too, so this run applies the padding mask.
    CliRun masked =
        CliRun.of(
            "inspect",
            "clip-text",
            "--checkpoint",
            folder.toString(),
            "--inputs",
            reference.toString(),
            "--outputs",
            "last_hidden_state",
            "--out",
            out.toString());
    assertThat(masked.exitCode()).as(masked.toString()).isZero();
    assertMatches(
        reference,
        out,
        List.of("last_hidden_state_with_attention_mask"),
        List.of("last_hidden_state"));

    // Only input_ids: SD2.1's causal-mask-only conditioning, plus clip_skip.
    Path idsOnly = dir.resolve("ids.safetensors");
    try (SafetensorsFile ref = SafetensorsFile.open(reference)) {
      new ai.taskaware.core.checkpoint.SafetensorsWriter()
          .add("input_ids", ref.array("input_ids"))
          .write(idsOnly);
    }
    CliRun plain =
        CliRun.of(
            "inspect",
            "clip-text",
            "--checkpoint",
            folder.toString(),
            "--inputs",
            idsOnly.toString(),
            "--outputs",
            "last_hidden_state,hidden_states.1,pooler_output,prompt_embeds",
            "--clip-skip",
            "1",
            "--out",
            out.toString());
    assertThat(plain.exitCode()).as(plain.toString()).isZero();
    assertMatches(
        reference,
        out,
        List.of(
            "last_hidden_state", "hidden_states.1", "pooler_output", "clip_skip1_prompt_embeds"),
        List.of("last_hidden_state", "hidden_states.1", "pooler_output", "prompt_embeds"));
  }

  @Test
  void unknownOutputListsTheAvailableOnes(@TempDir Path dir) {
    Path folder = CliRun.resource("clip/clip_vision");
    CliRun run =
        CliRun.of(
            "inspect",
            "clip-vision",
            "--checkpoint",
            folder.toString(),
            "--inputs",
            folder.resolve("reference.safetensors").toString(),
            "--outputs",
            "image_embeds",
            "--out",
            dir.resolve("o.safetensors").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("image_embeds", "pooler_output");
  }

  private static void assertMatches(
      Path reference, Path written, List<String> expectedNames, List<String> names) {
    try (SafetensorsFile ref = SafetensorsFile.open(reference);
        SafetensorsFile got = SafetensorsFile.open(written)) {
      for (int i = 0; i < names.size(); i++) {
        INDArray expected = ref.floatArray(expectedNames.get(i));
        INDArray actual = got.floatArray(names.get(i));
        assertThat(actual.shape()).as(names.get(i)).containsExactly(expected.shape());
        double diff = Transforms.abs(actual.sub(expected)).maxNumber().doubleValue();
        System.out.printf(
            "%s vs %s: max abs diff %.2e%n", names.get(i), expectedNames.get(i), diff);
        assertThat(diff).as(names.get(i)).isLessThanOrEqualTo(TOLERANCE);
      }
    }
  }
}
