package ai.taskaware.diffusion.generate;

import java.util.List;

/**
 * The widths of a synthetic Stable Diffusion checkpoint. Block types are always SD 2.x's (three
 * {@code CrossAttnDownBlock2D} and a {@code DownBlock2D}, mirrored on the way up, linear
 * projections); the lists must have one entry per U-Net / VAE block.
 *
 * @param unetBlockOutChannels U-Net {@code block_out_channels}
 * @param unetHeads U-Net {@code attention_head_dim} per block (the head count, as in SD2.1)
 * @param unetLayersPerBlock U-Net {@code layers_per_block}
 * @param unetNormGroups U-Net {@code norm_num_groups}
 * @param latentSize U-Net {@code sample_size} (latent side)
 * @param vaeBlockOutChannels VAE {@code block_out_channels}
 * @param vaeLayersPerBlock VAE {@code layers_per_block}
 * @param vaeNormGroups VAE {@code norm_num_groups}
 * @param vaeSampleSize VAE {@code sample_size}
 * @param textWidth text encoder {@code hidden_size} (= the U-Net's {@code cross_attention_dim})
 * @param textLayers text encoder layers
 * @param textHeads text encoder heads
 * @param textIntermediate text encoder MLP width
 * @param textVocab text encoder {@code vocab_size}; 0 for exactly the generated tokenizer's
 * @param maxTokens text positions (77)
 */
public record StableDiffusionShapes(
    List<Integer> unetBlockOutChannels,
    List<Integer> unetHeads,
    int unetLayersPerBlock,
    int unetNormGroups,
    int latentSize,
    List<Integer> vaeBlockOutChannels,
    int vaeLayersPerBlock,
    int vaeNormGroups,
    int vaeSampleSize,
    int textWidth,
    int textLayers,
    int textHeads,
    int textIntermediate,
    int textVocab,
    int maxTokens) {

  /** Copies the lists and checks they fit together. */
  public StableDiffusionShapes {
    unetBlockOutChannels = List.copyOf(unetBlockOutChannels);
    unetHeads = List.copyOf(unetHeads);
    vaeBlockOutChannels = List.copyOf(vaeBlockOutChannels);
    if (unetBlockOutChannels.size() != 4 || unetHeads.size() != 4) {
      throw new IllegalArgumentException(
          "the SD 2.x block layout has 4 U-Net blocks; got "
              + unetBlockOutChannels
              + " channels and "
              + unetHeads
              + " heads");
    }
    if (textWidth % textHeads != 0) {
      throw new IllegalArgumentException(
          "text width " + textWidth + " is not divisible by " + textHeads + " heads");
    }
  }

  /** Stable Diffusion 2.1-base as published (U-Net 865.9 M, VAE 83.7 M, text 340.4 M). */
  public static StableDiffusionShapes sd21Base() {
    return new StableDiffusionShapes(
        List.of(320, 640, 1280, 1280),
        List.of(5, 10, 20, 20),
        2,
        32,
        64,
        List.of(128, 256, 512, 512),
        2,
        32,
        768,
        1024,
        23,
        16,
        4096,
        49408,
        77);
  }

  /**
   * A tiny checkpoint with SD2.1's structure (0.3 M parameters): 128-pixel images, 16×16 latents,
   * U-Net widths (16, 32, 32, 32), head dims 8 and 16, one resnet per down block.
   */
  public static StableDiffusionShapes tiny() {
    return new StableDiffusionShapes(
        List.of(16, 32, 32, 32),
        List.of(2, 2, 4, 4),
        1,
        8,
        16,
        List.of(8, 16, 16, 16),
        1,
        4,
        128,
        32,
        2,
        4,
        64,
        0,
        77);
  }
}
