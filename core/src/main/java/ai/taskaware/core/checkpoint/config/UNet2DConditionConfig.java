package ai.taskaware.core.checkpoint.config;

import ai.taskaware.core.checkpoint.CheckpointException;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * diffusers {@code UNet2DConditionModel} config ({@code unet/config.json}), with the defaults of
 * diffusers 0.27's constructor for absent keys. The int-or-list keys ({@code attention_head_dim},
 * {@code num_attention_heads}, {@code cross_attention_dim}, {@code layers_per_block}, {@code
 * transformer_layers_per_block}, {@code only_cross_attention}) are lists of one entry when the file
 * gives a single value; the {@code …PerBlock()} methods expand them to one entry per down block as
 * diffusers does.
 *
 * <p>Naming quirk kept from diffusers: in Stable Diffusion configs {@code attention_head_dim} is
 * really the number of heads; {@link #headsPerBlock()} resolves it the way the model does ({@code
 * num_attention_heads or attention_head_dim}).
 *
 * @param sampleSize latent height/width, null when absent
 * @param inChannels latent channels in
 * @param outChannels latent channels out
 * @param centerInputSample whether the input is mapped by {@code 2x − 1}
 * @param flipSinToCos timestep embedding puts cos first
 * @param freqShift timestep embedding frequency shift
 * @param downBlockTypes e.g. {@code CrossAttnDownBlock2D}, {@code DownBlock2D}
 * @param midBlockType e.g. {@code UNetMidBlock2DCrossAttn}, null for none
 * @param upBlockTypes e.g. {@code UpBlock2D}, {@code CrossAttnUpBlock2D}
 * @param onlyCrossAttention bool or one per block
 * @param blockOutChannels channels per block
 * @param layersPerBlock resnets per down block (int or list)
 * @param downsamplePadding padding of the downsampling convs
 * @param midBlockScaleFactor output scale of the mid block
 * @param dropout dropout probability
 * @param actFn activation of resnets and the time embedding
 * @param normNumGroups GroupNorm groups, null for no norm
 * @param normEps GroupNorm epsilon of resnets and the output norm
 * @param crossAttentionDim text embedding width (int or per block)
 * @param transformerLayersPerBlock transformer blocks per attention (int or per block)
 * @param reverseTransformerLayersPerBlock up-path override, null when absent
 * @param encoderHidDim encoder hidden projection input, null for none
 * @param encoderHidDimType encoder hidden projection type, null for none
 * @param attentionHeadDim heads (SD naming) or head dim (int or per block)
 * @param numAttentionHeads heads (int or per block), null to use attentionHeadDim
 * @param dualCrossAttention dual cross-attention
 * @param useLinearProjection linear instead of 1×1 conv proj_in/proj_out
 * @param classEmbedType class embedding type, null for none
 * @param additionEmbedType addition embedding type (SDXL: {@code text_time}), null for none
 * @param additionTimeEmbedDim addition time embedding width, null for none
 * @param numClassEmbeds number of class embeddings, null for none
 * @param upcastAttention compute attention scores in fp32
 * @param resnetTimeScaleShift {@code default} or {@code scale_shift}
 * @param resnetSkipTimeAct skip the activation before the resnet time projection
 * @param resnetOutScaleFactor resnet output scale
 * @param timeEmbeddingType {@code positional} or {@code fourier}
 * @param timeEmbeddingDim time embedding width, null for 4 × block_out_channels[0]
 * @param timeEmbeddingActFn activation after the time embedding, null for none
 * @param timestepPostAct activation after the timestep MLP, null for none
 * @param timeCondProjDim conditioning projection width, null for none
 * @param convInKernel kernel of conv_in
 * @param convOutKernel kernel of conv_out
 * @param projectionClassEmbeddingsInputDim class projection input, null for none
 * @param attentionType {@code default} or {@code gated}
 * @param classEmbeddingsConcat concatenate class embeddings
 * @param midBlockOnlyCrossAttention mid block only cross-attention, null for the blocks' value
 * @param crossAttentionNorm norm of the encoder states, null for none
 * @param additionEmbedTypeNumHeads heads of the text addition embedding
 * @param raw the config JSON as written in the file
 * @param extra keys this record does not model ({@code _class_name}, {@code _diffusers_version}, …)
 */
public record UNet2DConditionConfig(
    Integer sampleSize,
    int inChannels,
    int outChannels,
    boolean centerInputSample,
    boolean flipSinToCos,
    int freqShift,
    List<String> downBlockTypes,
    String midBlockType,
    List<String> upBlockTypes,
    List<Boolean> onlyCrossAttention,
    List<Integer> blockOutChannels,
    List<Integer> layersPerBlock,
    int downsamplePadding,
    double midBlockScaleFactor,
    double dropout,
    String actFn,
    Integer normNumGroups,
    double normEps,
    List<Integer> crossAttentionDim,
    List<Integer> transformerLayersPerBlock,
    List<Integer> reverseTransformerLayersPerBlock,
    Integer encoderHidDim,
    String encoderHidDimType,
    List<Integer> attentionHeadDim,
    List<Integer> numAttentionHeads,
    boolean dualCrossAttention,
    boolean useLinearProjection,
    String classEmbedType,
    String additionEmbedType,
    Integer additionTimeEmbedDim,
    Integer numClassEmbeds,
    boolean upcastAttention,
    String resnetTimeScaleShift,
    boolean resnetSkipTimeAct,
    double resnetOutScaleFactor,
    String timeEmbeddingType,
    Integer timeEmbeddingDim,
    String timeEmbeddingActFn,
    String timestepPostAct,
    Integer timeCondProjDim,
    int convInKernel,
    int convOutKernel,
    Integer projectionClassEmbeddingsInputDim,
    String attentionType,
    boolean classEmbeddingsConcat,
    Boolean midBlockOnlyCrossAttention,
    String crossAttentionNorm,
    int additionEmbedTypeNumHeads,
    @JsonProperty(ConfigFiles.RAW_KEY) JsonNode raw,
    @JsonAnySetter Map<String, Object> extra) {

  /** diffusers 0.27.2 {@code UNet2DConditionModel.__init__} defaults. */
  static final String DEFAULTS =
      """
      {"sample_size": null, "in_channels": 4, "out_channels": 4, "center_input_sample": false,
       "flip_sin_to_cos": true, "freq_shift": 0,
       "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D",
                            "CrossAttnDownBlock2D", "DownBlock2D"],
       "mid_block_type": "UNetMidBlock2DCrossAttn",
       "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D",
                          "CrossAttnUpBlock2D"],
       "only_cross_attention": false, "block_out_channels": [320, 640, 1280, 1280],
       "layers_per_block": 2, "downsample_padding": 1, "mid_block_scale_factor": 1,
       "dropout": 0.0, "act_fn": "silu", "norm_num_groups": 32, "norm_eps": 1e-5,
       "cross_attention_dim": 1280, "transformer_layers_per_block": 1,
       "reverse_transformer_layers_per_block": null, "encoder_hid_dim": null,
       "encoder_hid_dim_type": null, "attention_head_dim": 8, "num_attention_heads": null,
       "dual_cross_attention": false, "use_linear_projection": false, "class_embed_type": null,
       "addition_embed_type": null, "addition_time_embed_dim": null, "num_class_embeds": null,
       "upcast_attention": false, "resnet_time_scale_shift": "default",
       "resnet_skip_time_act": false, "resnet_out_scale_factor": 1.0,
       "time_embedding_type": "positional", "time_embedding_dim": null,
       "time_embedding_act_fn": null, "timestep_post_act": null, "time_cond_proj_dim": null,
       "conv_in_kernel": 3, "conv_out_kernel": 3,
       "projection_class_embeddings_input_dim": null, "attention_type": "default",
       "class_embeddings_concat": false, "mid_block_only_cross_attention": null,
       "cross_attention_norm": null, "addition_embed_type_num_heads": 64}
      """;

  /** Checks what diffusers checks: one entry per block (or a single value) everywhere. */
  public UNet2DConditionConfig {
    extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    int n = downBlockTypes.size();
    if (upBlockTypes.size() != n) {
      throw new IllegalArgumentException(
          "up_block_types has " + upBlockTypes.size() + " entries, down_block_types " + n);
    }
    if (blockOutChannels.size() != n) {
      throw new IllegalArgumentException(
          "block_out_channels has " + blockOutChannels.size() + " entries, down_block_types " + n);
    }
    checkPerBlock("only_cross_attention", onlyCrossAttention, n);
    checkPerBlock("layers_per_block", layersPerBlock, n);
    checkPerBlock("cross_attention_dim", crossAttentionDim, n);
    checkPerBlock("transformer_layers_per_block", transformerLayersPerBlock, n);
    checkPerBlock("attention_head_dim", attentionHeadDim, n);
    if (numAttentionHeads != null) {
      checkPerBlock("num_attention_heads", numAttentionHeads, n);
    }
  }

  /**
   * Reads and checks a {@code config.json}.
   *
   * @throws CheckpointException naming the file and key on any problem
   */
  public static UNet2DConditionConfig read(Path configJson) {
    return ConfigFiles.read(configJson, UNet2DConditionConfig.class);
  }

  private static void checkPerBlock(String key, List<?> values, int blocks) {
    if (values == null || (values.size() != 1 && values.size() != blocks)) {
      throw new IllegalArgumentException(
          key + " must be a single value or one per down block (" + blocks + "), got " + values);
    }
  }

  private <T> List<T> perBlock(List<T> values) {
    int n = downBlockTypes.size();
    if (values.size() == n) {
      return List.copyOf(values);
    }
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(values.get(0));
    }
    return List.copyOf(out);
  }

  /** Attention heads per down block: {@code num_attention_heads or attention_head_dim}. */
  public List<Integer> headsPerBlock() {
    return perBlock(numAttentionHeads != null ? numAttentionHeads : attentionHeadDim);
  }

  /** {@code cross_attention_dim} per down block. */
  public List<Integer> crossAttentionDimPerBlock() {
    return perBlock(crossAttentionDim);
  }

  /** Resnets per down block. */
  public List<Integer> layersPerBlockPerBlock() {
    return perBlock(layersPerBlock);
  }

  /** Transformer blocks per attention, per down block. */
  public List<Integer> transformerLayersPerBlockPerBlock() {
    return perBlock(transformerLayersPerBlock);
  }

  /** {@code only_cross_attention} per down block. */
  public List<Boolean> onlyCrossAttentionPerBlock() {
    return perBlock(onlyCrossAttention);
  }
}
