package ai.taskaware.diffusion.unet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.checkpoint.config.UNet2DConditionConfig;
import ai.taskaware.diffusion.tap.TapName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layouts of the real SD2.1-base and SD1.5 U-Nets (configs as published, no weights): their
 * weight lists add up to the parameter counts of the released checkpoints and have the paper's taps
 * at the paper's sizes.
 */
class UNetLayoutTest {
  @TempDir Path dir;

  private UNetLayout layout(String json) throws IOException {
    Path config = dir.resolve("config.json");
    Files.writeString(config, json);
    return UNetLayout.of(UNet2DConditionConfig.read(config), config);
  }

  private static long parameters(UNetLayout layout) {
    return layout.expectedWeights().values().stream()
        .mapToLong(s -> Arrays.stream(s).reduce(1, (a, b) -> a * b))
        .sum();
  }

  @Test
  void stableDiffusion21BaseHas865910724Parameters() throws IOException {
    UNetLayout sd21 =
        layout(
            """
            {"_class_name": "UNet2DConditionModel", "attention_head_dim": [5, 10, 20, 20],
             "cross_attention_dim": 1024, "use_linear_projection": true, "sample_size": 64}
            """);
    assertThat(parameters(sd21)).isEqualTo(865_910_724L);
    UNetLayout.Transformer t = sd21.upBlocks().get(1).attentions().get(1);
    assertThat(t.path()).isEqualTo("up_blocks.1.attentions.1");
    assertThat(t.channels()).isEqualTo(1280);
    assertThat(t.heads()).isEqualTo(20);
    assertThat(t.headDim()).isEqualTo(64);
    assertThat(sd21.resolve("U-L1-R1-B0-Cross-Q").toString())
        .isEqualTo("up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_q");
    assertThat(sd21.upBlocks().get(0).attentions()).isEmpty();
    assertThat(sd21.upBlocks().get(0).resnets().get(0).inChannels()).isEqualTo(2560);
    assertThat(sd21.upBlocks().get(3).resnets().get(0).inChannels()).isEqualTo(640 + 320);
    assertThat(sd21.taps()).contains(TapName.parse("up-level2-repeat1-vit-block0-cross-q"));
  }

  @Test
  void stableDiffusion15Has859520964Parameters() throws IOException {
    UNetLayout sd15 =
        layout(
            """
            {"_class_name": "UNet2DConditionModel", "attention_head_dim": 8,
             "cross_attention_dim": 768, "sample_size": 64}
            """);
    assertThat(parameters(sd15)).isEqualTo(859_520_964L);
    assertThat(sd15.expectedWeights().get("down_blocks.0.attentions.0.proj_in.weight"))
        .containsExactly(320, 320, 1, 1);
    assertThat(sd15.downBlocks().get(2).attentions().get(0).heads()).isEqualTo(8);
  }
}
