package ai.taskaware.clip;

import static ai.taskaware.clip.Fixtures.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.clip.text.ClipTextGraph;
import ai.taskaware.clip.vision.ClipVisionEncoder;
import ai.taskaware.clip.vision.ClipVisionGraph;
import ai.taskaware.clip.vision.LlavaFeatureSelection;
import ai.taskaware.core.runtime.OnnxSession;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The graphs against a plain float64 Java forward pass ({@link ReferenceClip}) on random
 * checkpoints of other depths, widths, head counts, activations, image sizes and sequence lengths,
 * in both checkpoint layouts.
 */
class ClipRandomShapeParityTest {
  private static final double TOLERANCE = 1e-4;

  @TempDir Path temp;

  record VisionCase(TinyClipCheckpoints.Vision shape, boolean fullClipModel, long seed) {}

  static List<VisionCase> visionCases() {
    return List.of(
        new VisionCase(new TinyClipCheckpoints.Vision(48, 3, 6, 96, "gelu", 40, 8), false, 11),
        new VisionCase(
            new TinyClipCheckpoints.Vision(24, 1, 2, 40, "quick_gelu", 30, 10), true, 12),
        new VisionCase(
            new TinyClipCheckpoints.Vision(16, 6, 1, 64, "quick_gelu", 32, 16), false, 13));
  }

  @ParameterizedTest
  @MethodSource("visionCases")
  void visionTowerMatchesPlainJavaForward(VisionCase c) throws Exception {
    TinyClipCheckpoints.Vision v = c.shape();
    int projection = 12;
    Path folder =
        c.fullClipModel()
            ? TinyClipCheckpoints.clipModel(
                temp.resolve("m"),
                c.seed(),
                v,
                new TinyClipCheckpoints.Text(30, 20, 1, 2, 32, "gelu", 10),
                projection,
                2.0f)
            : TinyClipCheckpoints.visionModel(temp.resolve("m"), c.seed(), v, projection);
    Set<String> outputs = new LinkedHashSet<>();
    for (int i = 0; i <= v.layers(); i++) {
      outputs.add(ClipVisionGraph.HIDDEN_STATES + i);
    }
    outputs.addAll(
        List.of(
            ClipVisionGraph.LAST_HIDDEN_STATE,
            ClipVisionGraph.POOLER_OUTPUT,
            ClipVisionGraph.IMAGE_EMBEDS,
            ClipVisionGraph.LLAVA_IMAGE_FEATURES));
    INDArray pixels =
        Nd4j.randn(new Random(c.seed()).nextLong(), new long[] {2, 3, v.image(), v.image()})
            .castTo(DataType.FLOAT);
    Map<String, INDArray> actual;
    try (ClipVisionEncoder encoder =
        ClipVisionEncoder.open(
            folder, outputs, LlavaFeatureSelection.LLAVA_1_5, false, ClipRuntime.cpu())) {
      actual = encoder.run(pixels);
    }
    double worst = 0;
    try (ClipCheckpoint checkpoint = ClipCheckpoint.open(folder)) {
      ReferenceClip ref = new ReferenceClip(checkpoint.weights(), v.heads(), v.act(), 1e-5);
      for (int b = 0; b < 2; b++) {
        List<INDArray> states = ref.vision(pixels.slice(b), v.patch(), v.layers());
        for (int i = 0; i <= v.layers(); i++) {
          worst =
              Math.max(worst, maxAbsDiff(actual.get("hidden_states." + i).slice(b), states.get(i)));
        }
        INDArray last = states.get(v.layers());
        worst =
            Math.max(
                worst, maxAbsDiff(actual.get(ClipVisionGraph.LAST_HIDDEN_STATE).slice(b), last));
        INDArray pooled =
            ref.layerNorm(last.getRow(0).reshape(1, -1), "vision_model.post_layernorm");
        worst =
            Math.max(
                worst,
                maxAbsDiff(
                    actual.get(ClipVisionGraph.POOLER_OUTPUT).slice(b).reshape(1, -1), pooled));
        INDArray embeds = pooled.mmul(ref.weight(ClipCheckpoint.VISUAL_PROJECTION).transpose());
        worst =
            Math.max(
                worst,
                maxAbsDiff(
                    actual.get(ClipVisionGraph.IMAGE_EMBEDS).slice(b).reshape(1, -1), embeds));
        INDArray penultimate = states.get(v.layers() - 1);
        worst =
            Math.max(
                worst,
                maxAbsDiff(
                    actual.get(ClipVisionGraph.LLAVA_IMAGE_FEATURES).slice(b),
                    penultimate.get(
                        NDArrayIndex.interval(1, penultimate.rows()), NDArrayIndex.all())));
      }
    }
    System.out.printf(
        "random vision %s (CLIPModel layout: %s): max|diff| = %.3g%n", v, c.fullClipModel(), worst);
    assertThat(worst).isLessThanOrEqualTo(TOLERANCE);
  }

  record TextCase(
      TinyClipCheckpoints.Text shape, int sequence, boolean mask, int clipSkip, long seed) {}

  static List<TextCase> textCases() {
    return List.of(
        new TextCase(
            new TinyClipCheckpoints.Text(50, 40, 3, 5, 80, "quick_gelu", 20), 20, false, 0, 21),
        new TextCase(new TinyClipCheckpoints.Text(64, 24, 2, 3, 48, "gelu", 16), 11, true, 1, 22),
        new TextCase(new TinyClipCheckpoints.Text(40, 32, 4, 8, 64, "gelu", 12), 12, true, 2, 23));
  }

  @ParameterizedTest
  @MethodSource("textCases")
  void textTowerMatchesPlainJavaForward(TextCase c) throws Exception {
    TinyClipCheckpoints.Text t = c.shape();
    Path folder = TinyClipCheckpoints.textModel(temp.resolve("t"), c.seed(), t, 10);
    Random random = new Random(c.seed());
    int batch = 3;
    long[][] ids = new long[batch][c.sequence()];
    long[][] mask = new long[batch][c.sequence()];
    for (int b = 0; b < batch; b++) {
      int length = 2 + random.nextInt(c.sequence() - 2);
      for (int i = 0; i < c.sequence(); i++) {
        // the largest id marks the EOS: once at the end of the text, or repeated as padding
        boolean text = i < length - 1;
        ids[b][i] =
            text ? random.nextInt(t.vocab() - 1) : (i == length - 1 || b == 0 ? t.vocab() - 1 : 0);
        mask[b][i] = i < length ? 1 : 0;
      }
    }
    Set<String> outputs = new LinkedHashSet<>();
    for (int i = 0; i <= t.layers(); i++) {
      outputs.add(ClipTextGraph.HIDDEN_STATES + i);
    }
    outputs.addAll(
        List.of(
            ClipTextGraph.LAST_HIDDEN_STATE,
            ClipTextGraph.PROMPT_EMBEDS,
            ClipTextGraph.POOLER_OUTPUT,
            ClipTextGraph.TEXT_EMBEDS));
    Map<String, INDArray> actual;
    double worst = 0;
    try (ClipCheckpoint checkpoint = ClipCheckpoint.open(folder)) {
      try (OnnxSession session =
          ClipRuntime.cpu()
              .open(
                  ClipTextGraph.build(
                      checkpoint, outputs, new ClipTextGraph.Options(c.clipSkip(), c.mask())),
                  checkpoint,
                  "test")) {
        Map<String, INDArray> feeds = new HashMap<>();
        feeds.put(ClipTextGraph.INPUT_IDS, Nd4j.createFromArray(ids));
        if (c.mask()) {
          feeds.put(ClipTextGraph.ATTENTION_MASK, Nd4j.createFromArray(mask));
        }
        actual = session.run(feeds, outputs);
      }
      ReferenceClip ref = new ReferenceClip(checkpoint.weights(), t.heads(), t.act(), 1e-5);
      for (int b = 0; b < batch; b++) {
        List<INDArray> states = ref.text(ids[b], c.mask() ? mask[b] : null, t.layers());
        for (int i = 0; i <= t.layers(); i++) {
          worst =
              Math.max(worst, maxAbsDiff(actual.get("hidden_states." + i).slice(b), states.get(i)));
        }
        INDArray last = ref.layerNorm(states.get(t.layers()), "text_model.final_layer_norm");
        worst =
            Math.max(worst, maxAbsDiff(actual.get(ClipTextGraph.LAST_HIDDEN_STATE).slice(b), last));
        INDArray skipped =
            ref.layerNorm(states.get(t.layers() - c.clipSkip()), "text_model.final_layer_norm");
        worst =
            Math.max(worst, maxAbsDiff(actual.get(ClipTextGraph.PROMPT_EMBEDS).slice(b), skipped));
        int eos = 0;
        for (int i = 0; i < ids[b].length; i++) {
          if (ids[b][i] > ids[b][eos]) {
            eos = i;
          }
        }
        INDArray pooled = last.getRow(eos).reshape(1, -1);
        worst =
            Math.max(
                worst,
                maxAbsDiff(
                    actual.get(ClipTextGraph.POOLER_OUTPUT).slice(b).reshape(1, -1), pooled));
        INDArray embeds = pooled.mmul(ref.weight(ClipCheckpoint.TEXT_PROJECTION).transpose());
        worst =
            Math.max(
                worst,
                maxAbsDiff(actual.get(ClipTextGraph.TEXT_EMBEDS).slice(b).reshape(1, -1), embeds));
      }
    }
    System.out.printf(
        "random text %s seq %d mask %s clip_skip %d: max|diff| = %.3g%n",
        t, c.sequence(), c.mask(), c.clipSkip(), worst);
    assertThat(worst).isLessThanOrEqualTo(TOLERANCE);
  }

  /**
   * The plain reference itself reproduces transformers on the fixtures, so agreeing with it means
   * something.
   */
  @org.junit.jupiter.api.Test
  void plainReferenceReproducesTransformersFixtures() {
    double worst = 0;
    try (ClipCheckpoint vision = ClipCheckpoint.open(Fixtures.resource("clip_vision"));
        ai.taskaware.core.checkpoint.SafetensorsFile ref =
            Fixtures.reference("clip_vision/reference.safetensors")) {
      ReferenceClip plain = new ReferenceClip(vision.weights(), 4, "quick_gelu", 1e-5);
      INDArray pixels = ref.floatArray("pixel_values");
      for (int b = 0; b < 2; b++) {
        List<INDArray> states = plain.vision(pixels.slice(b), 14, 4);
        for (int i = 0; i <= 4; i++) {
          worst =
              Math.max(
                  worst, maxAbsDiff(states.get(i), ref.floatArray("hidden_states." + i).slice(b)));
        }
      }
    }
    try (ClipCheckpoint text = ClipCheckpoint.open(Fixtures.resource("clip_text"));
        ai.taskaware.core.checkpoint.SafetensorsFile ref =
            Fixtures.reference("clip_text/reference.safetensors")) {
      ReferenceClip plain = new ReferenceClip(text.weights(), 4, "gelu", 1e-5);
      INDArray ids = ref.array("input_ids");
      INDArray mask = ref.array("attention_mask");
      for (int b = 0; b < 2; b++) {
        List<INDArray> states = plain.text(ids.getRow(b).toLongVector(), null, 2);
        worst =
            Math.max(worst, maxAbsDiff(states.get(2), ref.floatArray("hidden_states.2").slice(b)));
        List<INDArray> masked =
            plain.text(ids.getRow(b).toLongVector(), mask.getRow(b).toLongVector(), 2);
        INDArray last = plain.layerNorm(masked.get(2), "text_model.final_layer_norm");
        worst =
            Math.max(
                worst,
                maxAbsDiff(last, ref.floatArray("last_hidden_state_with_attention_mask").slice(b)));
      }
    }
    System.out.printf(
        "plain float64 reference vs transformers fixtures: max|diff| = %.3g%n", worst);
    assertThat(worst).isLessThanOrEqualTo(TOLERANCE);
  }
}
