package ai.taskaware.core.checkpoint.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.core.checkpoint.CheckpointException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real fixture configs bind with the values they hold; absent keys take Python's defaults. */
class ConfigFilesTest {

  @TempDir Path dir;

  private static Path resource(String relative) {
    try {
      return Path.of(ConfigFilesTest.class.getResource("/checkpoint/" + relative).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path write(String name, String json) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, json);
    return p;
  }

  @Test
  void tinyDiffusersUNetConfig() {
    UNet2DConditionConfig c = UNet2DConditionConfig.read(resource("diffusers_unet/config.json"));
    assertThat(c.sampleSize()).isEqualTo(32);
    assertThat(c.inChannels()).isEqualTo(4);
    assertThat(c.blockOutChannels()).containsExactly(32, 64, 64, 64);
    assertThat(c.downBlockTypes())
        .containsExactly(
            "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D");
    assertThat(c.upBlockTypes().get(0)).isEqualTo("UpBlock2D");
    assertThat(c.attentionHeadDim()).containsExactly(2, 4, 4, 4);
    assertThat(c.numAttentionHeads()).isNull();
    assertThat(c.headsPerBlock()).containsExactly(2, 4, 4, 4);
    assertThat(c.crossAttentionDim()).containsExactly(32);
    assertThat(c.crossAttentionDimPerBlock()).containsExactly(32, 32, 32, 32);
    assertThat(c.layersPerBlockPerBlock()).containsExactly(2, 2, 2, 2);
    assertThat(c.transformerLayersPerBlockPerBlock()).containsExactly(1, 1, 1, 1);
    assertThat(c.onlyCrossAttentionPerBlock()).containsExactly(false, false, false, false);
    assertThat(c.useLinearProjection()).isTrue();
    assertThat(c.upcastAttention()).isFalse();
    assertThat(c.normNumGroups()).isEqualTo(32);
    assertThat(c.normEps()).isEqualTo(1e-5);
    assertThat(c.flipSinToCos()).isTrue();
    assertThat(c.freqShift()).isZero();
    assertThat(c.actFn()).isEqualTo("silu");
    assertThat(c.midBlockType()).isEqualTo("UNetMidBlock2DCrossAttn");
    assertThat(c.timeEmbeddingType()).isEqualTo("positional");
    assertThat(c.classEmbedType()).isNull();
    assertThat(c.additionEmbedType()).isNull();
    assertThat(c.dualCrossAttention()).isFalse();
    assertThat(c.extra())
        .containsEntry("_class_name", "UNet2DConditionModel")
        .containsEntry("_diffusers_version", "0.27.2")
        .doesNotContainKey("block_out_channels");
    assertThat(c.raw().get("attention_head_dim").size()).isEqualTo(4);
    assertThat(c.raw().has(ConfigFiles.RAW_KEY)).isFalse();
  }

  @Test
  void absentUNetKeysTakeDiffusersDefaults() throws IOException {
    UNet2DConditionConfig c = UNet2DConditionConfig.read(write("config.json", "{}"));
    assertThat(c.sampleSize()).isNull();
    assertThat(c.blockOutChannels()).containsExactly(320, 640, 1280, 1280);
    assertThat(c.headsPerBlock()).containsExactly(8, 8, 8, 8);
    assertThat(c.crossAttentionDimPerBlock()).containsExactly(1280, 1280, 1280, 1280);
    assertThat(c.useLinearProjection()).isFalse();
    assertThat(c.additionEmbedTypeNumHeads()).isEqualTo(64);
    assertThat(c.raw().size()).isZero();
    assertThat(c.extra()).isEmpty();
    // SD2.1-base style: explicit num_attention_heads wins over attention_head_dim.
    UNet2DConditionConfig h =
        UNet2DConditionConfig.read(
            write("h.json", "{\"attention_head_dim\": 64, \"num_attention_heads\": [5,10,20,20]}"));
    assertThat(h.headsPerBlock()).containsExactly(5, 10, 20, 20);
  }

  @Test
  void unetListsOfTheWrongLengthAreRejectedNamingTheKey() throws IOException {
    Path p = write("config.json", "{\"attention_head_dim\": [1, 2]}");
    assertThatThrownBy(() -> UNet2DConditionConfig.read(p))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("config.json")
        .hasMessageContaining("attention_head_dim");
  }

  @Test
  void clipTextClipVisionAndFullClipModelConfigs() {
    ClipTextConfig t = ClipTextConfig.read(resource("clip_text/config.json"));
    assertThat(t.hiddenSize()).isEqualTo(32);
    assertThat(t.numHiddenLayers()).isEqualTo(2);
    assertThat(t.numAttentionHeads()).isEqualTo(4);
    assertThat(t.headDim()).isEqualTo(8);
    assertThat(t.hiddenAct()).isEqualTo("gelu");
    assertThat(t.vocabSize()).isEqualTo(1000);
    assertThat(t.bosTokenId()).isZero();
    assertThat(t.eosTokenId()).isEqualTo(2);
    assertThat(t.architectures()).containsExactly("CLIPTextModel");
    assertThat(t.extra()).containsEntry("model_type", "clip_text_model");

    ClipVisionConfig v = ClipVisionConfig.read(resource("clip_vision/config.json"));
    assertThat(v.imageSize()).isEqualTo(56);
    assertThat(v.patchSize()).isEqualTo(14);
    assertThat(v.numPositions()).isEqualTo(17);
    assertThat(v.hiddenAct()).isEqualTo("quick_gelu");
    assertThat(v.numHiddenLayers()).isEqualTo(4);

    ClipConfig c = ClipConfig.read(resource("clip_vision_as_clipmodel/config.json"));
    assertThat(c.projectionDim()).isEqualTo(16);
    assertThat(c.logitScaleInitValue()).isEqualTo(2.6592);
    assertThat(c.textConfig().bosTokenId()).isEqualTo(998);
    assertThat(c.textConfig().eosTokenId()).isEqualTo(999);
    assertThat(c.textConfig().hiddenAct()).isEqualTo("quick_gelu");
    assertThat(c.textConfig().extra()).containsKey("id2label");
    assertThat(c.visionConfig().imageSize()).isEqualTo(56);
    assertThat(c.visionConfig().architectures()).containsExactly("CLIPVisionModel");
    assertThat(c.visionConfig().raw().get("image_size").asInt()).isEqualTo(56);
    assertThat(c.architectures()).containsExactly("CLIPModel");
  }

  @Test
  void clipConfigWithoutTowersUsesTheTowerDefaults() throws IOException {
    ClipConfig c = ClipConfig.read(write("config.json", "{\"text_config\": null}"));
    assertThat(c.textConfig().hiddenSize()).isEqualTo(512);
    assertThat(c.textConfig().eosTokenId()).isEqualTo(49407);
    assertThat(c.visionConfig().hiddenSize()).isEqualTo(768);
    assertThat(c.visionConfig().patchSize()).isEqualTo(32);
    assertThat(c.projectionDim()).isEqualTo(512);
  }

  @Test
  void llamaConfigAndItsDefaults() throws IOException {
    LlamaConfig l = LlamaConfig.read(resource("llama/config.json"));
    assertThat(l.hiddenSize()).isEqualTo(64);
    assertThat(l.intermediateSize()).isEqualTo(128);
    assertThat(l.numHiddenLayers()).isEqualTo(2);
    assertThat(l.numAttentionHeads()).isEqualTo(4);
    assertThat(l.numKeyValueHeads()).isEqualTo(4);
    assertThat(l.effectiveHeadDim()).isEqualTo(16);
    assertThat(l.rmsNormEps()).isEqualTo(1e-5);
    assertThat(l.ropeTheta()).isEqualTo(10000.0);
    assertThat(l.ropeScaling()).isNull();
    assertThat(l.vocabSize()).isEqualTo(1000);
    assertThat(l.maxPositionEmbeddings()).isEqualTo(128);
    assertThat(l.tieWordEmbeddings()).isFalse();
    assertThat(l.bosTokenId()).isEqualTo(1);
    assertThat(l.eosTokenId()).containsExactly(2);
    assertThat(l.padTokenId()).isZero();
    assertThat(l.torchDtype()).isEqualTo("float32");
    assertThat(l.architectures()).containsExactly("LlamaForCausalLM");
    assertThat(l.extra()).containsEntry("model_type", "llama").containsKey("transformers_version");

    LlamaConfig d =
        LlamaConfig.read(
            write(
                "config.json",
                "{\"num_attention_heads\": 8, \"num_key_value_heads\": null,"
                    + " \"eos_token_id\": [128001, 128009],"
                    + " \"rope_scaling\": {\"type\": \"linear\", \"factor\": 2.0, \"x\": 1}}"));
    assertThat(d.numKeyValueHeads()).isEqualTo(8);
    assertThat(d.hiddenSize()).isEqualTo(4096);
    assertThat(d.rmsNormEps()).isEqualTo(1e-6);
    assertThat(d.maxPositionEmbeddings()).isEqualTo(2048);
    assertThat(d.eosTokenId()).containsExactly(128001, 128009);
    assertThat(d.ropeScaling().kind()).isEqualTo("linear");
    assertThat(d.ropeScaling().factor()).isEqualTo(2.0);
    assertThat(d.ropeScaling().extra()).containsEntry("x", 1);
    assertThat(d.padTokenId()).isNull();
  }

  @Test
  void schedulerConfigOfStableDiffusion21AndDefaults() throws IOException {
    SchedulerConfig s = SchedulerConfig.read(resource("sd21_scheduler_config.json"));
    assertThat(s.className()).isEqualTo("PNDMScheduler");
    assertThat(s.numTrainTimesteps()).isEqualTo(1000);
    assertThat(s.betaStart()).isEqualTo(0.00085);
    assertThat(s.betaEnd()).isEqualTo(0.012);
    assertThat(s.betaSchedule()).isEqualTo("scaled_linear");
    assertThat(s.predictionType()).isEqualTo("epsilon");
    assertThat(s.stepsOffset()).isEqualTo(1);
    assertThat(s.clipSample()).isFalse();
    assertThat(s.setAlphaToOne()).isFalse();
    assertThat(s.trainedBetas()).isNull();
    assertThat(s.extra()).containsEntry("skip_prk_steps", true);

    SchedulerConfig pndm =
        SchedulerConfig.read(write("p.json", "{\"_class_name\": \"PNDMScheduler\"}"));
    assertThat(pndm.setAlphaToOne()).isFalse();
    SchedulerConfig d = SchedulerConfig.read(write("d.json", "{\"trained_betas\": [0.1, 0.2]}"));
    assertThat(d.setAlphaToOne()).isTrue();
    assertThat(d.betaSchedule()).isEqualTo("linear");
    assertThat(d.betaStart()).isEqualTo(0.0001);
    assertThat(d.clipSample()).isTrue();
    assertThat(d.timestepSpacing()).isEqualTo("leading");
    assertThat(d.trainedBetas()).containsExactly(0.1, 0.2);
  }

  @Test
  void autoencoderDefaultsAndValues() throws IOException {
    AutoencoderKLConfig v =
        AutoencoderKLConfig.read(
            write(
                "config.json",
                "{\"block_out_channels\": [128, 256, 512, 512], \"layers_per_block\": 2,"
                    + " \"sample_size\": 768, \"_class_name\": \"AutoencoderKL\"}"));
    assertThat(v.blockOutChannels()).containsExactly(128, 256, 512, 512);
    assertThat(v.layersPerBlock()).isEqualTo(2);
    assertThat(v.latentChannels()).isEqualTo(4);
    assertThat(v.scalingFactor()).isEqualTo(0.18215);
    assertThat(v.normNumGroups()).isEqualTo(32);
    assertThat(v.forceUpcast()).isTrue();
    assertThat(v.shiftFactor()).isNull();
    assertThat(v.extra()).containsEntry("_class_name", "AutoencoderKL");
  }

  /** A record without defaults: every key is required. */
  record Strict(int width, List<String> names) {}

  @Test
  void errorsNameTheFileAndTheKey() throws IOException {
    Path badJson = write("bad.json", "{\"hidden_size\": 32,");
    assertThatThrownBy(() -> ClipTextConfig.read(badJson))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("bad.json")
        .hasMessageContaining("not valid JSON");
    Path wrongType = write("wrong.json", "{\"hidden_size\": \"big\"}");
    assertThatThrownBy(() -> ClipTextConfig.read(wrongType))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("wrong.json")
        .hasMessageContaining("hidden_size");
    Path fraction = write("fraction.json", "{\"hidden_size\": 2.5}");
    assertThatThrownBy(() -> ClipTextConfig.read(fraction))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("hidden_size");
    Path nested = write("nested.json", "{\"vision_config\": {\"image_size\": [1]}}");
    assertThatThrownBy(() -> ClipConfig.read(nested))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("nested.json")
        .hasMessageContaining("vision_config.image_size");
    Path missing = write("missing.json", "{\"width\": 3}");
    assertThatThrownBy(() -> ConfigFiles.read(missing, Strict.class))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("missing.json")
        .hasMessageContaining("names");
    Path notObject = write("array.json", "[1, 2]");
    assertThatThrownBy(() -> ConfigFiles.read(notObject, Strict.class))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("array.json")
        .hasMessageContaining("JSON object");
    assertThatThrownBy(() -> ConfigFiles.read(dir.resolve("absent.json"), Strict.class))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("absent.json");
    Path nullPrimitive = write("null.json", "{\"hidden_size\": null}");
    assertThatThrownBy(() -> ClipTextConfig.read(nullPrimitive))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("hidden_size");
    assertThat(ConfigFiles.read(write("ok.json", "{\"width\": 3, \"names\": \"a\"}"), Strict.class))
        .isEqualTo(new Strict(3, List.of("a")));
  }
}
