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
 * transformers {@code LlamaConfig} (LLaMA, Vicuna, …), with transformers' constructor defaults for
 * absent keys: {@code num_key_value_heads} defaults to {@code num_attention_heads}, {@code
 * rope_theta} to 10000. {@code eos_token_id} may be one id or a list.
 *
 * @param vocabSize vocabulary
 * @param hiddenSize width
 * @param intermediateSize MLP width
 * @param numHiddenLayers decoder layers
 * @param numAttentionHeads query heads
 * @param numKeyValueHeads key/value heads (grouped-query attention when fewer)
 * @param headDim per-head width when not hidden_size / heads, null when absent
 * @param hiddenAct MLP activation
 * @param maxPositionEmbeddings context length
 * @param initializerRange init std
 * @param rmsNormEps RMSNorm epsilon
 * @param useCache whether generation keeps a KV cache
 * @param padTokenId padding id, null when absent
 * @param bosTokenId begin-of-sequence id, null when absent
 * @param eosTokenId end-of-sequence id(s), null when absent
 * @param pretrainingTp tensor-parallel degree used in pretraining
 * @param tieWordEmbeddings whether lm_head shares the embedding matrix
 * @param ropeTheta RoPE base
 * @param ropeScaling RoPE scaling, null for none
 * @param attentionBias whether q/k/v/o projections have biases
 * @param mlpBias whether the MLP projections have biases
 * @param architectures model classes, null when absent
 * @param torchDtype dtype the weights were saved in, null when absent
 * @param raw the config JSON as written
 * @param extra keys this record does not model
 */
public record LlamaConfig(
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int numKeyValueHeads,
    Integer headDim,
    String hiddenAct,
    int maxPositionEmbeddings,
    double initializerRange,
    double rmsNormEps,
    boolean useCache,
    Integer padTokenId,
    Integer bosTokenId,
    List<Integer> eosTokenId,
    int pretrainingTp,
    boolean tieWordEmbeddings,
    double ropeTheta,
    RopeScaling ropeScaling,
    boolean attentionBias,
    boolean mlpBias,
    List<String> architectures,
    String torchDtype,
    @JsonProperty(ConfigFiles.RAW_KEY) JsonNode raw,
    @JsonAnySetter Map<String, Object> extra) {

  /** transformers {@code LlamaConfig.__init__} defaults. */
  static final String DEFAULTS =
      """
      {"vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 11008,
       "num_hidden_layers": 32, "num_attention_heads": 32, "head_dim": null,
       "hidden_act": "silu", "max_position_embeddings": 2048, "initializer_range": 0.02,
       "rms_norm_eps": 1e-6, "use_cache": true, "pad_token_id": null, "bos_token_id": 1,
       "eos_token_id": 2, "pretraining_tp": 1, "tie_word_embeddings": false,
       "rope_theta": 10000.0, "rope_scaling": null, "attention_bias": false,
       "mlp_bias": false, "architectures": null, "torch_dtype": null}
      """;

  /**
   * RoPE scaling ({@code {"type": "linear", "factor": 2.0}}; newer files say {@code rope_type}).
   *
   * @param type scaling type (older key), null when absent
   * @param ropeType scaling type (newer key), null when absent
   * @param factor scale factor, null when absent
   * @param extra other keys ({@code low_freq_factor}, …)
   */
  public record RopeScaling(
      String type, String ropeType, Double factor, @JsonAnySetter Map<String, Object> extra) {

    /** Keeps {@code extra} immutable. */
    public RopeScaling {
      extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** {@code rope_type}, else {@code type}. */
    public String kind() {
      return ropeType != null ? ropeType : type;
    }
  }

  /** Checks that the heads divide evenly, as the model requires. */
  public LlamaConfig {
    extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    if (numKeyValueHeads <= 0 || numAttentionHeads % numKeyValueHeads != 0) {
      throw new IllegalArgumentException(
          "num_attention_heads ("
              + numAttentionHeads
              + ") must be a multiple of num_key_value_heads ("
              + numKeyValueHeads
              + ")");
    }
  }

  /** Width of one attention head ({@code head_dim}, else {@code hidden_size / heads}). */
  public int effectiveHeadDim() {
    return headDim != null ? headDim : hiddenSize / numAttentionHeads;
  }

  /**
   * Reads a {@code config.json}.
   *
   * @throws CheckpointException naming the file and key on any problem
   */
  public static LlamaConfig read(Path configJson) {
    return ConfigFiles.read(configJson, LlamaConfig.class);
  }
}
