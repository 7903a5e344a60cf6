package ai.taskaware.clip.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.clip.ClipCheckpoint;
import ai.taskaware.clip.ClipRuntime;
import ai.taskaware.clip.TinyClipCheckpoints;
import ai.taskaware.clip.text.ClipTextEncoder;
import ai.taskaware.clip.text.ClipTextGraph;
import ai.taskaware.clip.text.ClipTokenizer;
import ai.taskaware.clip.vision.ClipVisionEncoder;
import ai.taskaware.clip.vision.ClipVisionGraph;
import ai.taskaware.clip.vision.LlavaFeatureSelection;
import ai.taskaware.core.checkpoint.CheckpointException;
import ai.taskaware.core.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** CLIP scoring on a random CLIPModel with a small tokenizer next to its weights. */
class ClipScorerTest {
  private static final TinyClipCheckpoints.Vision VISION =
      new TinyClipCheckpoints.Vision(32, 2, 4, 64, "quick_gelu", 28, 7);
  private static final TinyClipCheckpoints.Text TEXT =
      new TinyClipCheckpoints.Text(100, 24, 2, 3, 48, "quick_gelu", 77);
  private static final float LOGIT_SCALE = 2.5f;

  @TempDir static Path temp;
  static Path model;

  static final List<RgbImage> IMAGES =
      List.of(image(40, 30, 1), image(28, 28, 2), image(33, 61, 3), image(90, 45, 4));
  static final List<String> TEXTS =
      List.of("a cat", "a dog", "hello", "", "two dogs and a cat, 42!");

  static RgbImage image(int w, int h, long seed) {
    byte[] hwc = new byte[w * h * 3];
    new Random(seed).nextBytes(hwc);
    return new RgbImage(w, h, hwc);
  }

  @BeforeAll
  static void writeModel() throws IOException {
    model = TinyClipCheckpoints.clipModel(temp.resolve("clip"), 7, VISION, TEXT, 12, LOGIT_SCALE);
    ai.taskaware.clip.text.TinyClipVocabulary.writeSlowFiles(model, "<|endoftext|>");
  }

  @Test
  void scoreIsCosineOfProjectedEmbeddingsTimesExpLogitScale() {
    INDArray scores;
    try (ClipScorer scorer = ClipScorer.open(model, ClipRuntime.cpu(), 3)) {
      assertThat(scorer.name()).isEqualTo("clip");
      assertThat(scorer.logitScaleExp())
          .isCloseTo(Math.exp(LOGIT_SCALE), org.assertj.core.data.Offset.offset(1e-5));
      scores = scorer.score(IMAGES, TEXTS);
    }
    assertThat(scores.shape()).containsExactly(4, 5);
    assertThat(scores.dataType()).isEqualTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    INDArray imageEmbeds;
    INDArray textEmbeds;
    try (ClipVisionEncoder vision =
            ClipVisionEncoder.open(
                model,
                Set.of(ClipVisionGraph.IMAGE_EMBEDS),
                LlavaFeatureSelection.LLAVA_1_5,
                false,
                ClipRuntime.cpu());
        ClipTextEncoder text =
            ClipTextEncoder.open(
                model,
                model,
                Set.of(ClipTextGraph.TEXT_EMBEDS),
                ClipTextGraph.Options.STABLE_DIFFUSION,
                ClipTokenizer.Options.DEFAULT,
                ClipRuntime.cpu())) {
      imageEmbeds = vision.run(IMAGES).get(ClipVisionGraph.IMAGE_EMBEDS);
      textEmbeds = text.run(TEXTS).get(ClipTextGraph.TEXT_EMBEDS);
    }
    double scale;
    try (ClipCheckpoint checkpoint = ClipCheckpoint.open(model)) {
      scale = Math.exp(checkpoint.weights().floatArray("logit_scale").getDouble(0));
    }
    double worst = 0;
    for (int i = 0; i < IMAGES.size(); i++) {
      for (int t = 0; t < TEXTS.size(); t++) {
        double dot = 0;
        double ni = 0;
        double nt = 0;
        for (int k = 0; k < 12; k++) {
          double a = imageEmbeds.getDouble(i, k);
          double b = textEmbeds.getDouble(t, k);
          dot += a * b;
          ni += a * a;
          nt += b * b;
        }
        double expected = scale * dot / Math.sqrt(ni * nt);
        worst = Math.max(worst, Math.abs(scores.getDouble(i, t) - expected));
      }
    }
    System.out.printf(
        "CLIP score vs plain cosine x exp(logit_scale): max|diff| = %.3g (scale %.4f)%n",
        worst, scale);
    assertThat(worst).isLessThanOrEqualTo(1e-9);
    assertThat(scores.maxNumber().doubleValue() - scores.minNumber().doubleValue())
        .isGreaterThan(0.1);
  }

  @Test
  void batchCompositionDoesNotChangeScores() {
    INDArray all;
    INDArray one;
    INDArray subset;
    try (ClipScorer big = ClipScorer.open(model, ClipRuntime.cpu(), 16);
        ClipScorer single = ClipScorer.open(model, ClipRuntime.cpu(), 1)) {
      all = big.score(IMAGES, TEXTS);
      one = single.score(IMAGES, TEXTS);
      subset =
          big.score(List.of(IMAGES.get(2), IMAGES.get(0)), List.of(TEXTS.get(4), TEXTS.get(1)));
    }
    double worst = ai.taskaware.clip.Fixtures.maxAbsDiff(all, one);
    worst = Math.max(worst, Math.abs(subset.getDouble(0, 0) - all.getDouble(2, 4)));
    worst = Math.max(worst, Math.abs(subset.getDouble(0, 1) - all.getDouble(2, 1)));
    worst = Math.max(worst, Math.abs(subset.getDouble(1, 0) - all.getDouble(0, 4)));
    worst = Math.max(worst, Math.abs(subset.getDouble(1, 1) - all.getDouble(0, 1)));
    System.out.printf("CLIP score batch 16 vs batch 1 vs subset: max|diff| = %.3g%n", worst);
    assertThat(worst).isLessThanOrEqualTo(1e-5);
  }

  @Test
  void projectionDimensionMismatchAndMissingPartsAreTypedErrors() throws IOException {
    // config says projection_dim 10, the weights project to 12
    Path mismatch = temp.resolve("mismatch");
    Files.createDirectories(mismatch);
    Files.copy(model.resolve("model.safetensors"), mismatch.resolve("model.safetensors"));
    Files.writeString(
        mismatch.resolve("config.json"),
        Files.readString(model.resolve("config.json"))
            .replace("\"projection_dim\": 12", "\"projection_dim\": 10"));
    assertThatThrownBy(() -> ClipScorer.open(mismatch, model, ClipRuntime.cpu(), 2))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("visual_projection.weight")
        .hasMessageContaining("projection_dim 10")
        .hasMessageContaining("[12, 32]");

    Path visionOnly = TinyClipCheckpoints.visionModel(temp.resolve("vision-only"), 8, VISION, 12);
    assertThatThrownBy(() -> ClipScorer.open(visionOnly, model, ClipRuntime.cpu(), 2))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("text tower");

    Path noConfig = Files.createDirectories(temp.resolve("no-config"));
    assertThatThrownBy(() -> ClipScorer.open(noConfig, model, ClipRuntime.cpu(), 2))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("config.json");
  }
}
