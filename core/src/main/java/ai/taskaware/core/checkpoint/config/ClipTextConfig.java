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
 * transformers {@code CLIPTextConfig} ({@code text_encoder/config.json}, or {@code text_config} of
 * a {@link ClipConfig}), with transformers' constructor defaults for absent keys.
 *
 * @param vocabSize token vocabulary
 * @param hiddenSize width
 * @param intermediateSize MLP width
 * @param projectionDim text projection output width
 * @param numHiddenLayers encoder layers
 * @param numAttentionHeads heads
 * @param maxPositionEmbeddings context length (77)
 * @param hiddenAct {@code quick_gelu} (OpenAI CLIP) or {@code gelu} (OpenCLIP / SD2)
 * @param layerNormEps LayerNorm epsilon
 * @param attentionDropout attention dropout
 * @param initializerRange init std
 * @param initializerFactor init scale
 * @param padTokenId padding id
 * @param bosTokenId start-of-text id
 * @param eosTokenId end-of-text id
 * @param architectures model classes, null when absent
 * @param torchDtype dtype the weights were saved in, null when absent
 * @param raw the config JSON as written
 * @param extra keys this record does not model
 */
public record ClipTextConfig(
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int projectionDim,
    int numHiddenLayers,
    int numAttentionHeads,
    int maxPositionEmbeddings,
    String hiddenAct,
    double layerNormEps,
    double attentionDropout,
    double initializerRange,
    double initializerFactor,
    Integer padTokenId,
    Integer bosTokenId,
    Integer eosTokenId,
    List<String> architectures,
    String torchDtype,
    @JsonProperty(ConfigFiles.RAW_KEY) JsonNode raw,
    @JsonAnySetter Map<String, Object> extra) {

  /** transformers {@code CLIPTextConfig.__init__} defaults. */
  static final String DEFAULTS =
      """
      {"vocab_size": 49408, "hidden_size": 512, "intermediate_size": 2048,
       "projection_dim": 512, "num_hidden_layers": 12, "num_attention_heads": 8,
       "max_position_embeddings": 77, "hidden_act": "quick_gelu", "layer_norm_eps": 1e-5,
       "attention_dropout": 0.0, "initializer_range": 0.02, "initializer_factor": 1.0,
       "pad_token_id": 1, "bos_token_id": 49406, "eos_token_id": 49407,
       "architectures": null, "torch_dtype": null}
      """;

  /** Keeps {@code extra} immutable. */
  public ClipTextConfig {
    extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /** Width of one attention head. */
  public int headDim() {
    return hiddenSize / numAttentionHeads;
  }

  /**
   * Reads a {@code config.json}.
   *
   * @throws CheckpointException naming the file and key on any problem
   */
  public static ClipTextConfig read(Path configJson) {
    return ConfigFiles.read(configJson, ClipTextConfig.class);
  }
}
