package ai.taskaware.diffusion.unet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.core.checkpoint.CheckpointException;
import ai.taskaware.diffusion.tap.TapName;
import ai.taskaware.diffusion.tap.UnknownTapException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a {@code unet/} folder: the taps a config has (every spelling parses back), and typed
 * errors for unknown taps, unsupported configs and missing or mis-shaped weights.
 */
class UNetCheckpointTest {
  @TempDir Path dir;

  @Test
  void everyTapOfTheFixtureParsesBackFromEachOfItsSpellings() {
    try (UNetCheckpoint checkpoint = UNetCheckpoint.open(UNetFixture.folder())) {
      List<TapName> taps = checkpoint.layout().taps();
      // 12 taps per transformer block, 13 per attention with its Vit-Out, 1 per resnet and block:
      // 5 model-level; down 0-2 (2 resnets, 2 attentions) 3 x 27; down 3: 3; mid (2 resnets,
      // 1 attention): 15; up 0 (3 resnets): 4; up 1-3 (3 resnets, 3 attentions) 3 x 40.
      int attention = 1 + 12;
      assertThat(taps)
          .hasSize(
              5
                  + 3 * (2 + 2 * attention + 1)
                  + 3
                  + (2 + attention + 1)
                  + 4
                  + 3 * (3 + 3 * attention + 1));
      for (TapName t : taps) {
        assertThat(t.spellings()).isNotEmpty();
        for (String spelling : t.spellings()) {
          assertThat(checkpoint.layout().resolve(spelling)).as(spelling).isEqualTo(t);
        }
      }
    }
  }

  @Test
  void anUnknownTapListsTheTapsThatExistInEverySpelling() {
    try (UNetCheckpoint checkpoint = UNetCheckpoint.open(UNetFixture.folder())) {
      for (String name :
          List.of("U-L0-R0-B0-Cross-Q", "U-L1-R3-Res-Out", "down_blocks.4", "D-L1-R0-B1-Out")) {
        assertThatThrownBy(() -> checkpoint.layout().resolve(name))
            .isInstanceOf(UnknownTapException.class)
            .hasMessageStartingWith("unknown tap '" + name + "'")
            .hasMessageContaining(
                "up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_q | U-L1-R1-B0-Cross-Q"
                    + " | up-level1-repeat1-vit-block0-cross-q")
            .hasMessageContaining(
                "up_blocks.2.resnets.2 | U-L2-R2-Res-Out | up-level2-repeat2-res-out")
            .satisfies(
                e ->
                    assertThat(((UnknownTapException) e).existing())
                        .isEqualTo(checkpoint.layout().taps()));
      }
      assertThatThrownBy(() -> checkpoint.layout().resolve("U-L1-R1-B0-Cross-Z"))
          .isInstanceOf(UnknownTapException.class)
          .hasMessageContaining("unknown type 'Cross-Z'")
          .hasMessageContaining("U-L1-R1-B0-Cross-Q");
    }
  }

  private Path fixtureWithConfig(String from, String to) throws IOException {
    Path folder = Files.createDirectories(dir.resolve("unet"));
    String config = Files.readString(UNetFixture.folder().resolve("config.json"));
    assertThat(config).contains(from);
    Files.writeString(folder.resolve("config.json"), config.replaceFirst(from, to));
    Files.copy(
        UNetFixture.folder().resolve("diffusion_pytorch_model.safetensors"),
        folder.resolve("diffusion_pytorch_model.safetensors"));
    return folder;
  }

  @Test
  void unsupportedBlockTypesAndFeaturesAreRejectedByName() throws IOException {
    Path folder = fixtureWithConfig("\"CrossAttnDownBlock2D\"", "\"SimpleCrossAttnDownBlock2D\"");
    assertThatThrownBy(() -> UNetCheckpoint.open(folder))
        .isInstanceOf(UnsupportedUNetException.class)
        .hasMessageContaining("down_block_types")
        .hasMessageContaining("SimpleCrossAttnDownBlock2D");
    Files.writeString(
        folder.resolve("config.json"),
        Files.readString(UNetFixture.folder().resolve("config.json"))
            .replace("\"addition_embed_type\": null", "\"addition_embed_type\": \"text_time\""));
    assertThatThrownBy(() -> UNetCheckpoint.open(folder))
        .isInstanceOf(UnsupportedUNetException.class)
        .hasMessageContaining("addition_embed_type")
        .hasMessageContaining("text_time");
    Files.writeString(
        folder.resolve("config.json"),
        Files.readString(UNetFixture.folder().resolve("config.json"))
            .replace("\"dual_cross_attention\": false", "\"dual_cross_attention\": true"));
    assertThatThrownBy(() -> UNetCheckpoint.open(folder))
        .isInstanceOf(UnsupportedUNetException.class)
        .hasMessageContaining("dual_cross_attention");
  }

  @Test
  void misShapedWeightIsNamedWithBothShapes() {
    String key = "up_blocks.2.attentions.0.transformer_blocks.1.attn2.to_k.weight";
    Path folder =
        RandomUNets.write(
            dir.resolve("unet"),
            UNetShapesTest.CONFIG,
            3,
            w -> w.name().equals(key) ? new RandomUNets.WeightSpec(key, new long[] {48, 12}) : w);
    assertThatThrownBy(() -> UNetCheckpoint.open(folder))
        .isInstanceOf(UNetWeightException.class)
        .hasMessageContaining(key)
        .hasMessageContaining("[48, 12]")
        .hasMessageContaining("[48, 24]");
  }

  @Test
  void missingWeightIsNamedWithItsExpectedShape() {
    String key = "mid_block.resnets.1.conv2.bias";
    Path folder =
        RandomUNets.write(
            dir.resolve("unet"), UNetShapesTest.CONFIG, 3, w -> w.name().equals(key) ? null : w);
    assertThatThrownBy(() -> UNetCheckpoint.open(folder))
        .isInstanceOf(UNetWeightException.class)
        .hasMessageContaining(key)
        .hasMessageContaining("missing")
        .hasMessageContaining("[96]");
  }

  @Test
  void aFolderWithoutConfigIsRefused() {
    assertThatThrownBy(() -> UNetCheckpoint.open(dir))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("config.json");
  }
}
