package ai.taskaware.diffusion.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.core.checkpoint.CheckpointException;
import ai.taskaware.core.checkpoint.config.AutoencoderKLConfig;
import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.runtime.OnnxModelCache;
import ai.taskaware.core.runtime.RuntimeOptions;
import ai.taskaware.diffusion.generate.SeededWeights;
import ai.taskaware.diffusion.schedule.GaussianNoise;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The VAE encoder graph against a plain-Java float64 forward pass on seeded tiny VAEs (three
 * blocks, two downsamplers, odd and non-square image sides, batch 2), in both attention key
 * layouts; scaled and sampled latents; typed errors for bad folders.
 */
class VaeEncoderTest {
  static final String CONFIG =
      """
      {"_class_name": "AutoencoderKL", "in_channels": 3, "out_channels": 3,
       "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"],
       "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"],
       "block_out_channels": [8, 16, 16], "layers_per_block": 2, "latent_channels": 4,
       "norm_num_groups": 4, "sample_size": 16, "scaling_factor": 0.18215}
      """;

  @TempDir static Path dir;
  static Path current;
  static Path legacy;
  static VaeEncoder encoder;
  static INDArray pixels;

  /** Writes a tiny VAE with seeded weights under the chosen attention key spelling. */
  static Path write(Path folder, String config, AttentionKeys keys) throws IOException {
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("config.json"), config);
    AutoencoderKLConfig parsed = AutoencoderKLConfig.read(folder.resolve("config.json"));
    Map<String, long[]> shapes =
        VaeEncoderCheckpoint.expectedWeights(parsed, AttentionKeys.CURRENT);
    SeededWeights.write(
        shapes,
        11,
        name -> {
          String a = "encoder.mid_block.attentions.0.";
          if (keys == AttentionKeys.LEGACY && name.startsWith(a)) {
            for (AttentionKeys k : List.of(AttentionKeys.CURRENT)) {
              String rest = name.substring(a.length());
              String[][] pairs = {
                {k.query(), AttentionKeys.LEGACY.query()},
                {k.key(), AttentionKeys.LEGACY.key()},
                {k.value(), AttentionKeys.LEGACY.value()},
                {k.output(), AttentionKeys.LEGACY.output()}
              };
              for (String[] pair : pairs) {
                if (rest.startsWith(pair[0] + ".")) {
                  return a + pair[1] + rest.substring(pair[0].length());
                }
              }
            }
          }
          return name;
        },
        folder.resolve("diffusion_pytorch_model.safetensors"));
    return folder;
  }

  @BeforeAll
  static void setUp() throws IOException {
    current = write(dir.resolve("current"), CONFIG, AttentionKeys.CURRENT);
    legacy = write(dir.resolve("legacy"), CONFIG, AttentionKeys.LEGACY);
    encoder = VaeEncoder.open(current, RuntimeOptions.cpu(), null);
    pixels = GaussianNoise.sample(3, 2, 3, 13, 10).muli(0.5);
  }

  @AfterAll
  static void tearDown() {
    encoder.close();
  }

  @Test
  void graphMatchesThePlainJavaForwardPass() {
    VaeEncoder.LatentMoments moments = encoder.moments(pixels);
    INDArray expected;
    try (VaeEncoderCheckpoint checkpoint = VaeEncoderCheckpoint.open(current)) {
      expected = new VaeReference(checkpoint).moments(pixels);
    }
    assertThat(moments.mean().shape()).containsExactly(2, 4, 3, 2);
    INDArray mean = expected.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4));
    INDArray logvar =
        Transforms.min(
            Transforms.max(expected.get(NDArrayIndex.all(), NDArrayIndex.interval(4, 8)), -30), 20);
    double meanDiff = diff(moments.mean(), mean);
    double logvarDiff = diff(moments.logvar(), logvar);
    System.out.printf(
        "VAE vs plain Java: mean %.2e, logvar %.2e (|mean| max %.2f)%n",
        meanDiff, logvarDiff, mean.amaxNumber().doubleValue());
    assertThat(meanDiff).isLessThanOrEqualTo(1e-4);
    assertThat(logvarDiff).isLessThanOrEqualTo(1e-4);
    assertThat(mean.stdNumber().doubleValue()).as("activations not degenerate").isGreaterThan(0.1);
  }

  @Test
  void legacyAttentionKeysGiveIdenticalValues(@TempDir Path cacheRoot) {
    OnnxModelCache cache = new OnnxModelCache(cacheRoot);
    try (VaeEncoderCheckpoint checkpoint = VaeEncoderCheckpoint.open(legacy);
        VaeEncoder old = VaeEncoder.open(legacy, RuntimeOptions.cpu(), cache);
        VaeEncoder again = VaeEncoder.open(legacy, RuntimeOptions.cpu(), cache)) {
      assertThat(checkpoint.attentionKeys()).isEqualTo(AttentionKeys.LEGACY);
      INDArray a = encoder.moments(pixels).mean();
      assertThat(old.moments(pixels).mean()).isEqualTo(a);
      assertThat(again.moments(pixels).mean()).isEqualTo(a);
    }
  }

  @Test
  void latentsAreScaledMeanOrSeededSample() {
    VaeEncoder.LatentMoments m = encoder.moments(pixels);
    INDArray mean = encoder.latents(pixels, null);
    assertThat(diff(mean, m.mean().mul(0.18215f))).isLessThanOrEqualTo(1e-7);
    INDArray sampled = encoder.scale(m, 5L);
    INDArray expected =
        m.mean()
            .add(Transforms.exp(m.logvar().mul(0.5)).mul(GaussianNoise.sample(5, 2, 4, 3, 2)))
            .mul(0.18215f);
    assertThat(diff(sampled, expected)).isLessThanOrEqualTo(1e-6);
    assertThat(encoder.scale(m, 5L)).isEqualTo(sampled);
    assertThat(encoder.scale(m, 6L)).isNotEqualTo(sampled);
  }

  @Test
  void preprocessingResizesAndMapsToPlusMinusOne() {
    byte[] white = new byte[20 * 14 * 3];
    Arrays.fill(white, (byte) 255);
    INDArray x = StableDiffusionPixels.of(List.of(new RgbImage(20, 14, white)), 16);
    assertThat(x.shape()).containsExactly(1, 3, 16, 16);
    assertThat(x.minNumber().doubleValue()).isEqualTo(1.0);
    INDArray black = StableDiffusionPixels.of(List.of(new RgbImage(16, 16, new byte[768])), 16);
    assertThat(black.maxNumber().doubleValue()).isEqualTo(-1.0);
  }

  @Test
  void badFoldersAreTypedErrors() throws IOException {
    Path wrongBlock =
        write(
            dir.resolve("attn-block"),
            CONFIG.replaceFirst("\"DownEncoderBlock2D\"", "\"AttnDownEncoderBlock2D\""),
            AttentionKeys.CURRENT);
    assertThatThrownBy(() -> VaeEncoderCheckpoint.open(wrongBlock))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("AttnDownEncoderBlock2D")
        .hasMessageContaining("down_block_types[0]");
    Path wider = dir.resolve("wider");
    write(wider, CONFIG, AttentionKeys.CURRENT);
    Files.writeString(wider.resolve("config.json"), CONFIG.replace("[8, 16, 16]", "[8, 16, 32]"));
    assertThatThrownBy(() -> VaeEncoderCheckpoint.open(wider))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("encoder.down_blocks.2.resnets.0.conv1.weight")
        .hasMessageContaining("[16, 16, 3, 3]")
        .hasMessageContaining("[32, 16, 3, 3]");
    Path missing = dir.resolve("missing");
    Files.createDirectories(missing);
    Files.writeString(missing.resolve("config.json"), CONFIG);
    SeededWeights.write(
        Map.of("encoder.conv_in.weight", new long[] {8, 3, 3, 3}),
        1,
        n -> n,
        missing.resolve("diffusion_pytorch_model.safetensors"));
    assertThatThrownBy(() -> VaeEncoderCheckpoint.open(missing))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("encoder.conv_in.bias")
        .hasMessageContaining("missing");
    Path narrower = dir.resolve("narrower");
    write(narrower, CONFIG, AttentionKeys.CURRENT);
    Files.writeString(
        narrower.resolve("config.json"),
        CONFIG.replace("\"latent_channels\": 4", "\"latent_channels\": 2"));
    assertThatThrownBy(() -> VaeEncoderCheckpoint.open(narrower))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("encoder.conv_out.weight")
        .hasMessageContaining("[8, 16, 3, 3]")
        .hasMessageContaining("[4, 16, 3, 3]");
  }

  private static double diff(INDArray a, INDArray b) {
    assertThat(a.shape()).containsExactly(b.shape());
    return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
  }
}
