package ai.taskaware.clip.vision;

import static ai.taskaware.clip.Fixtures.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.clip.ClipException;
import ai.taskaware.clip.ClipRuntime;
import ai.taskaware.clip.Fixtures;
import ai.taskaware.core.checkpoint.SafetensorsFile;
import ai.taskaware.core.checkpoint.config.ClipVisionConfig;
import ai.taskaware.core.image.ImageDecoder;
import ai.taskaware.core.image.RgbImage;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** CLIP preprocessing, the VisualEncoder contract and typed errors of the vision encoder. */
class ClipVisionEncoderTest {

  static RgbImage randomImage(int width, int height, long seed) {
    byte[] hwc = new byte[width * height * 3];
    new Random(seed).nextBytes(hwc);
    return new RgbImage(width, height, hwc);
  }

  @Test
  void preprocessingMatchesClipImageProcessorAt336() {
    RgbImage image = ImageDecoder.read(Fixtures.resource("image-preprocessing/input_403x271.png"));
    ClipVisionConfig config = ClipVisionConfig.read(Fixtures.resource("clip_vision/config.json"));
    ClipImageProcessor processor =
        new ClipImageProcessor(
            336,
            336,
            ClipImageProcessor.forTower(config).resampling(),
            ClipImageProcessor.forTower(config).normalization(),
            false);
    INDArray actual = processor.pixelValues(List.of(image));
    try (SafetensorsFile ref = Fixtures.reference("image-preprocessing/reference.safetensors")) {
      double diff = maxAbsDiff(actual, ref.floatArray("clip336_pixel_values"));
      System.out.printf("clip336_pixel_values max|diff| = %.3g%n", diff);
      assertThat(diff).isLessThanOrEqualTo(1e-5);
    }
  }

  @Test
  void visualEncoderReturnsLlavaFeaturesOfPaddedSquareImagesAndIgnoresPrompts() {
    List<RgbImage> images = List.of(randomImage(80, 50, 1), randomImage(56, 70, 2));
    try (ClipVisionEncoder encoder =
        ClipVisionEncoder.forLlava(Fixtures.resource("clip_vision"), ClipRuntime.cpu())) {
      assertThat(encoder.tokenCount()).isEqualTo(16);
      assertThat(encoder.featureSize()).isEqualTo(32);
      assertThat(encoder.processor().padToSquare()).isTrue();
      INDArray tokens = encoder.encode(images, List.of());
      assertThat(tokens.shape()).containsExactly(2, 16, 32);
      INDArray withPrompts = encoder.encode(images, List.of("a question", ""));
      assertThat(maxAbsDiff(tokens, withPrompts)).isZero();
      INDArray direct =
          encoder
              .run(encoder.processor().pixelValues(images))
              .get(ClipVisionGraph.LLAVA_IMAGE_FEATURES);
      assertThat(maxAbsDiff(tokens, direct)).isZero();
      // padding to a square changes what the tower sees for a non-square image
      INDArray unpadded =
          encoder
              .run(encoder.processor().withPadToSquare(false).pixelValues(images))
              .get(ClipVisionGraph.LLAVA_IMAGE_FEATURES);
      assertThat(maxAbsDiff(tokens, unpadded)).isGreaterThan(1e-3);
      assertThatThrownBy(() -> encoder.encode(images, List.of("one prompt")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("1 for 2 images");
    }
  }

  @Test
  void wrongImageSizeAndUnknownOutputsAreTypedErrors() {
    try (ClipVisionEncoder encoder =
        ClipVisionEncoder.open(
            Fixtures.resource("clip_vision"),
            Set.of(ClipVisionGraph.POOLER_OUTPUT),
            LlavaFeatureSelection.LLAVA_1_5,
            false,
            ClipRuntime.cpu())) {
      INDArray wrong =
          org.nd4j.linalg.factory.Nd4j.zeros(
              org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 3, 64, 64);
      assertThatThrownBy(() -> encoder.run(wrong))
          .isInstanceOf(ClipException.class)
          .hasMessageContaining("pixel_values")
          .hasMessageContaining("[1, 3, 64, 64]")
          .hasMessageContaining("image_size 56");
      assertThatThrownBy(() -> encoder.encode(List.of(randomImage(56, 56, 3)), List.of()))
          .isInstanceOf(ClipException.class)
          .hasMessageContaining("llava_image_features");
    }
    assertThatThrownBy(
            () ->
                ClipVisionEncoder.open(
                    Fixtures.resource("clip_vision"),
                    Set.of("image_embeds"),
                    LlavaFeatureSelection.LLAVA_1_5,
                    false,
                    ClipRuntime.cpu()))
        .isInstanceOf(ClipException.class)
        .hasMessageContaining("image_embeds")
        .hasMessageContaining("hidden_states.4");
    assertThatThrownBy(
            () ->
                ClipVisionEncoder.open(
                    Fixtures.resource("clip_vision"),
                    Set.of(ClipVisionGraph.LLAVA_IMAGE_FEATURES),
                    new LlavaFeatureSelection(-6, LlavaFeatureSelection.Tokens.PATCH),
                    false,
                    ClipRuntime.cpu()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-6");
  }
}
