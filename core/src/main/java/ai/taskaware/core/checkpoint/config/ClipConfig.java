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
 * transformers {@code CLIPConfig}: a full {@code CLIPModel} with both towers. Absent or null {@code
 * text_config} / {@code vision_config} become the towers' default configs, as in transformers.
 *
 * @param textConfig text tower
 * @param visionConfig vision tower
 * @param projectionDim shared embedding width
 * @param logitScaleInitValue initial {@code logit_scale} (log of 1/0.07)
 * @param architectures model classes, null when absent
 * @param torchDtype dtype the weights were saved in, null when absent
 * @param raw the config JSON as written
 * @param extra keys this record does not model
 */
public record ClipConfig(
    ClipTextConfig textConfig,
    ClipVisionConfig visionConfig,
    int projectionDim,
    double logitScaleInitValue,
    List<String> architectures,
    String torchDtype,
    @JsonProperty(ConfigFiles.RAW_KEY) JsonNode raw,
    @JsonAnySetter Map<String, Object> extra) {

  /** transformers {@code CLIPConfig.__init__} defaults. */
  static final String DEFAULTS =
      """
      {"projection_dim": 512, "logit_scale_init_value": 2.6592,
       "architectures": null, "torch_dtype": null}
      """;

  /** Keeps {@code extra} immutable. */
  public ClipConfig {
    extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /**
   * Reads a {@code config.json}.
   *
   * @throws CheckpointException naming the file and key on any problem
   */
  public static ClipConfig read(Path configJson) {
    return ConfigFiles.read(configJson, ClipConfig.class);
  }
}
