package ai.taskaware.diffusion.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The three spellings of a tap parse to one {@link TapName}, and malformed names are refused. */
class TapNameTest {

  @Test
  void paperGenericAndDiffusersSpellingsAgree() {
    TapName q = TapName.transformer(Stage.UP, 1, 1, 0, TapType.CROSS_Q);
    assertThat(TapName.parse("U-L1-R1-B0-Cross-Q")).isEqualTo(q);
    assertThat(TapName.parse("u-l1-r1-b0-cross-q")).isEqualTo(q);
    assertThat(TapName.parse("up-level1-repeat1-vit-block0-cross-q")).isEqualTo(q);
    assertThat(TapName.parse("up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_q"))
        .isEqualTo(q);
    assertThat(q.spellings())
        .containsExactly(
            "up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_q",
            "U-L1-R1-B0-Cross-Q",
            "up-level1-repeat1-vit-block0-cross-q");
  }

  @Test
  void moduleOutputsAndModelLevelNames() {
    TapName res = TapName.module(Stage.UP, 2, 2, TapType.RES_OUT);
    assertThat(TapName.parse("up_blocks.2.resnets.2")).isEqualTo(res);
    assertThat(TapName.parse("U-L2-R2-Res-Out")).isEqualTo(res);
    assertThat(TapName.parse("up-level2-repeat2-res-out")).isEqualTo(res);
    TapName vit = TapName.module(Stage.DOWN, 0, 1, TapType.VIT_OUT);
    assertThat(TapName.parse("down_blocks.0.attentions.1")).isEqualTo(vit);
    assertThat(TapName.parse("D-L0-R1-Vit-Out")).isEqualTo(vit);
    assertThat(TapName.parse("down-level0-repeat1-vit-out")).isEqualTo(vit);
    assertThat(TapName.parse("up_blocks.1")).isEqualTo(TapName.blockOutput(Stage.UP, 1));
    assertThat(TapName.parse("mid_block")).isEqualTo(TapName.blockOutput(Stage.MID, 0));
    assertThat(TapName.parse("noise_pred")).isEqualTo(TapName.model(TapType.NOISE_PRED));
    assertThat(TapName.parse("conv_out")).isEqualTo(TapName.model(TapType.NOISE_PRED));
    assertThat(TapName.parse("time_proj")).isEqualTo(TapName.model(TapType.TIME_PROJ));
    assertThat(TapName.parse("up_blocks.1.attentions.1.transformer_blocks.0.attn2"))
        .isEqualTo(TapName.transformer(Stage.UP, 1, 1, 0, TapType.CROSS_ATTN));
    assertThat(TapName.parse("up_blocks.1.attentions.1.transformer_blocks.0"))
        .isEqualTo(TapName.parse("U-L1-R1-B0-Out"));
  }

  @Test
  void midBlockSpellings() {
    TapName map = TapName.transformer(Stage.MID, 0, 0, 0, TapType.CROSS_MAP);
    assertThat(TapName.parse("M-R0-B0-Cross-Map")).isEqualTo(map);
    assertThat(TapName.parse("M-L0-R0-B0-Cross-Map")).isEqualTo(map);
    assertThat(TapName.parse("mid-vit-block0-cross-map")).isEqualTo(map);
    assertThat(map.genericName()).contains("mid-vit-block0-cross-map");
    assertThat(map.diffusersPath()).isEmpty();
    assertThat(map.toString()).isEqualTo("M-R0-B0-Cross-Map");
    TapName probs = TapName.parse("mid_block.attentions.0.transformer_blocks.0.attn2.attn_probs");
    assertThat(probs.type()).isEqualTo(TapType.ATTN_PROBS);
    assertThat(probs.paperName()).isEmpty();
    assertThat(TapName.parse("mid-repeat1-res-out"))
        .isEqualTo(TapName.module(Stage.MID, 0, 1, TapType.RES_OUT));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "U-L1-R1-Cross-Q",
        "U-L1-R1-B0-Res-Out",
        "U-R1-B0-Cross-Q",
        "U-L1-R1-B0-Cross-Z",
        "M-L1-R0-B0-Cross-Q",
        "up-level1-vit-block0-cross-q",
        "up_blocks.1.attentions.1.transformer_blocks.0.attn1.attn_probs",
        "up_blocks.1.samplers.0",
        "unet.up_blocks.1",
        "noise"
      })
  void malformedNamesAreUnknownTaps(String name) {
    assertThatThrownBy(() -> TapName.parse(name))
        .isInstanceOf(UnknownTapException.class)
        .hasMessageStartingWith("unknown tap '" + name + "'");
  }

  @Test
  void constructorRefusesPartsTheTypeDoesNotHave() {
    assertThatThrownBy(() -> new TapName(Stage.UP, 1, 1, -1, TapType.CROSS_Q))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("block");
    assertThatThrownBy(() -> new TapName(Stage.UP, 1, 1, 0, TapType.RES_OUT))
        .hasMessageContaining("block must be -1");
    assertThatThrownBy(() -> new TapName(Stage.TOP, -1, -1, -1, TapType.RES_OUT))
        .hasMessageContaining("needs a block stage");
  }
}
