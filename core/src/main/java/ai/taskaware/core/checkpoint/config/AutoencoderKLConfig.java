package ai.taskaware.core.checkpoint.config;

import ai.taskaware.core.checkpoint.CheckpointException;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * diffusers {@code AutoencoderKL} config ({@code vae/config.json}), with diffusers' constructor
 * defaults for absent keys.
 *
 * @param inChannels image channels in
 * @param outChannels image channels out
 * @param downBlockTypes encoder blocks
 * @param upBlockTypes decoder blocks
 * @param blockOutChannels channels per block
 * @param layersPerBlock resnets per encoder block
 * @param actFn activation
 * @param latentChannels latent channels (4 for SD)
 * @param normNumGroups GroupNorm groups
 * @param sampleSize image size the VAE was trained at
 * @param scalingFactor latent scale (0.18215 for SD 1/2)
 * @param shiftFactor latent shift, null for none
 * @param forceUpcast run the VAE in fp32 even in fp16 pipelines
 * @param useQuantConv whether quant_conv exists
 * @param usePostQuantConv whether post_quant_conv exists
 * @param midBlockAddAttention whether the mid blocks have attention
 * @param raw the config JSON as written in the file
 * @param extra keys this record does not model
 */
public record AutoencoderKLConfig(
    int inChannels,
    int outChannels,
    List<String> downBlockTypes,
    List<String> upBlockTypes,
    List<Integer> blockOutChannels,
    int layersPerBlock,
    String actFn,
    int latentChannels,
    int normNumGroups,
    int sampleSize,
    double scalingFactor,
    Double shiftFactor,
    boolean forceUpcast,
    boolean useQuantConv,
    boolean usePostQuantConv,
    boolean midBlockAddAttention,
    @JsonProperty(ConfigFiles.RAW_KEY) JsonNode raw,
    @JsonAnySetter Map<String, Object> extra) {

  /** diffusers {@code AutoencoderKL.__init__} defaults. */
  static final String DEFAULTS =
      """
      {"in_channels": 3, "out_channels": 3, "down_block_types": ["DownEncoderBlock2D"],
       "up_block_types": ["UpDecoderBlock2D"], "block_out_channels": [64],
       "layers_per_block": 1, "act_fn": "silu", "latent_channels": 4, "norm_num_groups": 32,
       "sample_size": 32, "scaling_factor": 0.18215, "shift_factor": null,
       "force_upcast": true, "use_quant_conv": true, "use_post_quant_conv": true,
       "mid_block_add_attention": true}
      """;

  /** Keeps {@code extra} immutable. */
  public AutoencoderKLConfig {
    extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /**
   * Reads a {@code config.json}.
   *
   * @throws CheckpointException naming the file and key on any problem
   */
  public static AutoencoderKLConfig read(Path configJson) {
    return ConfigFiles.read(configJson, AutoencoderKLConfig.class);
  }
}
