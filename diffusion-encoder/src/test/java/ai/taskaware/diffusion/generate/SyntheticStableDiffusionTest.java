package ai.taskaware.diffusion.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.checkpoint.SafetensorsFile;
import ai.taskaware.core.checkpoint.config.ClipTextConfig;
import ai.taskaware.core.runtime.RuntimeOptions;
import ai.taskaware.diffusion.schedule.GaussianNoise;
import ai.taskaware.diffusion.schedule.NoiseSchedule;
import ai.taskaware.diffusion.tap.TapName;
import ai.taskaware.diffusion.unet.UNetCheckpoint;
import ai.taskaware.diffusion.vae.VaeEncoder;
import ai.taskaware.diffusion.vae.VaeEncoderCheckpoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The generator: the tiny preset is a complete diffusers folder that this module's loaders open
 * (and its VAE gives unit-scale latents); the SD2.1-base preset's configs give the released
 * parameter counts; weights are reproducible from the seed.
 */
class SyntheticStableDiffusionTest {
  @TempDir Path dir;

  @Test
  void tinyPresetIsACompleteFolderTheLoadersOpen() throws IOException {
    List<String> stages = new ArrayList<>();
    Path sd =
        SyntheticStableDiffusion.write(
            dir.resolve("sd"),
            StableDiffusionShapes.tiny(),
            42,
            (stage, done, total) -> stages.add(stage + " " + done + "/" + total));
    assertThat(stages)
        .containsExactly(
            "write unet weights 1/3", "write vae weights 2/3", "write text_encoder weights 3/3");
    for (String f :
        List.of(
            "model_index.json",
            "unet/config.json",
            "vae/config.json",
            "scheduler/scheduler_config.json",
            "text_encoder/config.json",
            "text_encoder/model.safetensors",
            "tokenizer/tokenizer.json",
            "tokenizer/vocab.json",
            "tokenizer/merges.txt",
            "tokenizer/tokenizer_config.json",
            "tokenizer/special_tokens_map.json")) {
      assertThat(sd.resolve(f)).as(f).isRegularFile();
    }
    try (UNetCheckpoint unet = UNetCheckpoint.open(sd.resolve("unet"))) {
      assertThat(unet.layout().taps()).contains(TapName.parse("U-L1-R1-B0-Cross-Q"));
    }
    try (VaeEncoderCheckpoint vae = VaeEncoderCheckpoint.open(sd.resolve("vae"))) {
      assertThat(vae.latentSide(128)).isEqualTo(16);
    }
    assertThat(NoiseSchedule.read(sd.resolve("scheduler")).alphasCumprod()[50])
        .isEqualTo(0.9515766501426697f);

    ClipTextConfig text = ClipTextConfig.read(sd.resolve("text_encoder/config.json"));
    JsonNode tokenizer =
        new ObjectMapper().readTree(sd.resolve("tokenizer/tokenizer.json").toFile());
    JsonNode vocab = tokenizer.path("model").path("vocab");
    assertThat(vocab.path("!").asInt(-1)).as("SD2's pad token '!'").isZero();
    assertThat(vocab.path("<|startoftext|>").asInt()).isEqualTo(text.vocabSize() - 2);
    assertThat(vocab.path("<|endoftext|>").asInt()).isEqualTo(text.vocabSize() - 1);
    assertThat(vocab.size()).isEqualTo(text.vocabSize());
    assertThat(tokenizer.path("model").path("merges").size())
        .isEqualTo(SyntheticStableDiffusion.BPE_MERGES);
    assertThat(vocab.has("the</w>")).as("a learned merge").isTrue();
    try (SafetensorsFile weights =
        SafetensorsFile.open(sd.resolve("text_encoder/model.safetensors"))) {
      assertThat(weights.names())
          .containsExactlyInAnyOrderElementsOf(SyntheticStableDiffusion.textWeights(text).keySet());
      assertThat(weights.info("text_model.embeddings.token_embedding.weight").shape())
          .containsExactly(text.vocabSize(), 32);
    }
    assertThat(Files.readString(sd.resolve("model_index.json"))).contains("UNet2DConditionModel");

    // Activations stay near unit scale: the VAE's latent mean of a noise image.
    try (VaeEncoder vae = VaeEncoder.open(sd.resolve("vae"), RuntimeOptions.cpu(), null)) {
      INDArray mean = vae.moments(GaussianNoise.sample(1, 1, 3, 128, 128).muli(0.5)).mean();
      double std = mean.stdNumber().doubleValue();
      System.out.printf("tiny VAE latent mean std %.3f%n", std);
      assertThat(std).isBetween(0.05, 20.0);
    }
  }

  @Test
  void sameSeedSameWeightsOtherSeedOtherWeights() {
    INDArray a = SeededWeights.draw("unet.conv_in.weight", new long[] {8, 4, 3, 3}, 1);
    assertThat(SeededWeights.draw("unet.conv_in.weight", new long[] {8, 4, 3, 3}, 1)).isEqualTo(a);
    assertThat(SeededWeights.draw("unet.conv_in.weight", new long[] {8, 4, 3, 3}, 2))
        .isNotEqualTo(a);
    INDArray big = SeededWeights.draw("x.proj.weight", new long[] {256, 1024}, 3);
    assertThat(big.stdNumber().doubleValue())
        .isCloseTo(1 / 32.0, org.assertj.core.data.Offset.offset(0.001));
    INDArray norm = SeededWeights.draw("x.norm1.weight", new long[] {4096}, 3);
    assertThat(norm.meanNumber().doubleValue())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void sd21BasePresetHasTheReleasedParameterCounts() {
    Path sd = dir.resolve("sd21");
    SyntheticStableDiffusion.writeConfigs(sd, StableDiffusionShapes.sd21Base());
    Map<String, Long> counts = SyntheticStableDiffusion.parameterCounts(sd);
    assertThat(counts)
        .containsEntry("unet", 865_910_724L)
        .containsEntry("vae", 83_653_863L)
        .containsEntry("text_encoder", 340_387_840L);
    assertThat(sd.resolve("unet/diffusion_pytorch_model.safetensors")).doesNotExist();
  }
}
