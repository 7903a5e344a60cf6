package ai.taskaware.clip.vision;

import static ai.taskaware.clip.Fixtures.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.clip.ClipCheckpoint;
import ai.taskaware.clip.ClipRuntime;
import ai.taskaware.clip.Fixtures;
import ai.taskaware.core.checkpoint.SafetensorsFile;
import ai.taskaware.core.graph.Initializer;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The vision graph against transformers 4.31's CLIPVisionModel on the tiny fixture. */
class ClipVisionParityTest {
  private static final double TOLERANCE = 1e-4;

  private static Set<String> allOutputs() {
    Set<String> outputs = new LinkedHashSet<>();
    for (int i = 0; i <= 4; i++) {
      outputs.add("hidden_states." + i);
    }
    outputs.add(ClipVisionGraph.LAST_HIDDEN_STATE);
    outputs.add(ClipVisionGraph.POOLER_OUTPUT);
    outputs.add(ClipVisionGraph.LLAVA_IMAGE_FEATURES);
    return outputs;
  }

  private static Map<String, INDArray> run(Path folder, Set<String> outputs, INDArray pixels) {
    try (ClipVisionEncoder encoder =
        ClipVisionEncoder.open(
            folder, outputs, LlavaFeatureSelection.LLAVA_1_5, false, ClipRuntime.cpu())) {
      return encoder.run(pixels);
    }
  }

  private static void assertMatchesReference(String layout, Map<String, INDArray> actual) {
    try (SafetensorsFile ref = Fixtures.reference("clip_vision/reference.safetensors")) {
      for (String name : allOutputs()) {
        double diff = maxAbsDiff(actual.get(name), ref.floatArray(name));
        System.out.printf("clip_vision %s %-22s max|diff| = %.3g%n", layout, name, diff);
        assertThat(diff).as(layout + " " + name).isLessThanOrEqualTo(TOLERANCE);
      }
    }
  }

  private static INDArray pixels() {
    try (SafetensorsFile ref = Fixtures.reference("clip_vision/reference.safetensors")) {
      return ref.floatArray("pixel_values");
    }
  }

  @Test
  void clipVisionModelLayoutMatchesTransformers() {
    assertMatchesReference(
        "CLIPVisionModel", run(Fixtures.resource("clip_vision"), allOutputs(), pixels()));
  }

  @Test
  void clipModelLayoutGivesTheSameValuesAndProjectsThePooledOutput() {
    Set<String> outputs = allOutputs();
    outputs.add(ClipVisionGraph.IMAGE_EMBEDS);
    Path folder = Fixtures.resource("clip_vision/as_clipmodel");
    Map<String, INDArray> actual = run(folder, outputs, pixels());
    assertMatchesReference("CLIPModel", actual);
    try (SafetensorsFile weights = SafetensorsFile.open(folder.resolve("model.safetensors"));
        SafetensorsFile ref = Fixtures.reference("clip_vision/reference.safetensors")) {
      INDArray expected =
          ref.floatArray("pooler_output")
              .mmul(weights.floatArray("visual_projection.weight").transpose());
      double diff = maxAbsDiff(actual.get(ClipVisionGraph.IMAGE_EMBEDS), expected);
      System.out.printf("clip_vision CLIPModel image_embeds max|diff| = %.3g%n", diff);
      assertThat(diff).isLessThanOrEqualTo(TOLERANCE);
    }
  }

  @Test
  void selectedLlavaLayerAndClsPatchTokens() {
    INDArray pixels = pixels();
    Map<String, INDArray> out;
    try (ClipVisionEncoder encoder =
        ClipVisionEncoder.open(
            Fixtures.resource("clip_vision"),
            Set.of(ClipVisionGraph.LLAVA_IMAGE_FEATURES),
            new LlavaFeatureSelection(1, LlavaFeatureSelection.Tokens.CLS_PATCH),
            false,
            ClipRuntime.cpu())) {
      out = encoder.run(pixels);
      assertThat(encoder.tokenCount()).isEqualTo(17);
    }
    try (SafetensorsFile ref = Fixtures.reference("clip_vision/reference.safetensors")) {
      double diff =
          maxAbsDiff(
              out.get(ClipVisionGraph.LLAVA_IMAGE_FEATURES), ref.floatArray("hidden_states.1"));
      assertThat(diff).isLessThanOrEqualTo(TOLERANCE);
      INDArray h2 = ref.floatArray("hidden_states.2");
      try (ClipVisionEncoder encoder =
          ClipVisionEncoder.open(
              Fixtures.resource("clip_vision"),
              Set.of(ClipVisionGraph.LLAVA_IMAGE_FEATURES),
              new LlavaFeatureSelection(-3, LlavaFeatureSelection.Tokens.PATCH),
              false,
              ClipRuntime.cpu())) {
        INDArray patches = encoder.run(pixels).get(ClipVisionGraph.LLAVA_IMAGE_FEATURES);
        INDArray expected =
            h2.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 17), NDArrayIndex.all());
        assertThat(maxAbsDiff(patches, expected)).isLessThanOrEqualTo(TOLERANCE);
        assertThat(encoder.tokenCount()).isEqualTo(16);
      }
    }
  }

  @Test
  void onlyTheLayersTheOutputsNeedAreBuilt() {
    try (ClipCheckpoint checkpoint = ClipCheckpoint.open(Fixtures.resource("clip_vision"))) {
      List<String> early =
          ClipVisionGraph.build(
                  checkpoint, Set.of("hidden_states.1"), LlavaFeatureSelection.LLAVA_1_5)
              .initializers()
              .stream()
              .map(Initializer::name)
              .toList();
      assertThat(early).anyMatch(n -> n.startsWith("vision_model.encoder.layers.0."));
      assertThat(early).noneMatch(n -> n.contains("layers.1.") || n.contains("post_layernorm"));
      List<String> llava =
          ClipVisionGraph.build(
                  checkpoint,
                  Set.of(ClipVisionGraph.LLAVA_IMAGE_FEATURES),
                  LlavaFeatureSelection.LLAVA_1_5)
              .initializers()
              .stream()
              .map(Initializer::name)
              .toList();
      assertThat(llava).anyMatch(n -> n.contains("layers.2."));
      assertThat(llava).noneMatch(n -> n.contains("layers.3.") || n.contains("post_layernorm"));
    }
  }
}
