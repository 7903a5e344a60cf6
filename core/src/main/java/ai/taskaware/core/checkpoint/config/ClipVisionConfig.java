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
 * transformers {@code CLIPVisionConfig} (a {@code CLIPVisionModel}'s {@code config.json}, or {@code
 * vision_config} of a {@link ClipConfig}), with transformers' constructor defaults.
 *
 * @param hiddenSize width
 * @param intermediateSize MLP width
 * @param projectionDim visual projection output width
 * @param numHiddenLayers encoder layers
 * @param numAttentionHeads heads
 * @param numChannels image channels
 * @param imageSize input resolution
 * @param patchSize patch edge
 * @param hiddenAct activation
 * @param layerNormEps LayerNorm epsilon
 * @param attentionDropout attention dropout
 * @param initializerRange init std
 * @param initializerFactor init scale
 * @param architectures model classes, null when absent
 * @param torchDtype dtype the weights were saved in, null when absent
 * @param raw the config JSON as written
 * @param extra keys this record does not model
 */
public record ClipVisionConfig(
    int hiddenSize,
    int intermediateSize,
    int projectionDim,
    int numHiddenLayers,
    int numAttentionHeads,
    int numChannels,
    int imageSize,
    int patchSize,
    String hiddenAct,
    double layerNormEps,
    double attentionDropout,
    double initializerRange,
    double initializerFactor,
    List<String> architectures,
    String torchDtype,
    @JsonProperty(ConfigFiles.RAW_KEY) JsonNode raw,
    @JsonAnySetter Map<String, Object> extra) {

  /** transformers {@code CLIPVisionConfig.__init__} defaults. */
  static final String DEFAULTS =
      """
      {"hidden_size": 768, "intermediate_size": 3072, "projection_dim": 512,
       "num_hidden_layers": 12, "num_attention_heads": 12, "num_channels": 3,
       "image_size": 224, "patch_size": 32, "hidden_act": "quick_gelu",
       "layer_norm_eps": 1e-5, "attention_dropout": 0.0, "initializer_range": 0.02,
       "initializer_factor": 1.0, "architectures": null, "torch_dtype": null}
      """;

  /** Keeps {@code extra} immutable. */
  public ClipVisionConfig {
    extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /** Patches per side ({@code image_size / patch_size}). */
  public int patchesPerSide() {
    return imageSize / patchSize;
  }

  /** Tokens including the class token: {@code (image_size / patch_size)² + 1}. */
  public int numPositions() {
    return patchesPerSide() * patchesPerSide() + 1;
  }

  /**
   * Reads a {@code config.json}.
   *
   * @throws CheckpointException naming the file and key on any problem
   */
  public static ClipVisionConfig read(Path configJson) {
    return ConfigFiles.read(configJson, ClipVisionConfig.class);
  }
}
