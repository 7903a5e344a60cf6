package ai.taskaware.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.model.ProgressListener;
import ai.taskaware.diffusion.generate.StableDiffusionShapes;
import ai.taskaware.diffusion.generate.SyntheticStableDiffusion;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One U-Net tap as a VisualEncoder: the extractor's features, spatial maps flattened row-major. */
class DiffusionVisualEncoderTest {
  static final String CROSS_Q = "U-L1-R1-B0-Cross-Q";
  static final String VIT_OUT = "up-level1-repeat1-vit-out";

  @TempDir static Path dir;
  static StableDiffusionPipeline pipeline;
  static List<RgbImage> images;

  @BeforeAll
  static void setUp() {
    Path sd =
        SyntheticStableDiffusion.write(
            dir.resolve("sd"), StableDiffusionShapes.tiny(), 7, ProgressListener.NONE);
    pipeline = StableDiffusionPipeline.open(sd, ExtractorOptions.defaults());
    images = List.of(image(1, 96, 80), image(2, 64, 64));
  }

  @AfterAll
  static void tearDown() {
    pipeline.close();
  }

  static RgbImage image(long seed, int w, int h) {
    byte[] hwc = new byte[w * h * 3];
    new Random(seed).nextBytes(hwc);
    return new RgbImage(w, h, hwc);
  }

  private static FeatureRequest request(String tap) {
    return FeatureRequest.of(tap).withTimesteps(10, 50).withGuidanceScale(4).withTokenGrid(4);
  }

  @Test
  void spatialTapsBecomeRowMajorTokensOfTheExtractorsMap() {
    List<String> prompts = List.of("a red cube", "");
    DiffusionVisualEncoder encoder = DiffusionVisualEncoder.over(pipeline, request(VIT_OUT));
    INDArray tokens = encoder.encode(images, prompts);
    INDArray map =
        pipeline
            .extractor()
            .extractPerImage(
                images, List.of(List.of(prompts.get(0)), List.of("")), request(VIT_OUT))
            .get(VIT_OUT);
    assertThat(map.shape()).hasSize(4);
    long channels = map.size(1);
    assertThat(tokens.shape()).containsExactly(2, 16, channels);
    assertThat(encoder.tokenCount()).isEqualTo(16);
    assertThat(encoder.featureSize()).isEqualTo((int) channels);
    for (int b = 0; b < 2; b++) {
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 4; x++) {
          for (int c = 0; c < channels; c++) {
            assertThat(tokens.getFloat(b, 4 * y + x, c)).isEqualTo(map.getFloat(b, c, y, x));
          }
        }
      }
    }
  }

  @Test
  void tokenTapsPassThroughAndNoPromptsMeanTheUnconditionalPrompt() {
    DiffusionVisualEncoder encoder = DiffusionVisualEncoder.over(pipeline, request(CROSS_Q));
    INDArray expected =
        pipeline
            .extractor()
            .extractPerImage(images, List.of(List.of("a cat"), List.of("a dog")), request(CROSS_Q))
            .get(CROSS_Q);
    INDArray conditioned = encoder.encode(images, List.of("a cat", "a dog"));
    assertThat(conditioned).isEqualTo(expected);
    assertThat(conditioned.shape()).containsExactly(2, encoder.tokenCount(), encoder.featureSize());
    assertThat(encoder.encode(images, List.of()))
        .isEqualTo(encoder.encode(images, List.of("", "")))
        .isNotEqualTo(conditioned);
  }

  @Test
  void requestsAndPromptsThatDoNotFitAreRejected() {
    assertThatThrownBy(
            () -> DiffusionVisualEncoder.over(pipeline, FeatureRequest.of(CROSS_Q, VIT_OUT)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one tap");
    DiffusionVisualEncoder encoder = DiffusionVisualEncoder.over(pipeline, request(CROSS_Q));
    assertThatThrownBy(() -> encoder.encode(images, List.of("only one")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 images, 1");
  }
}
