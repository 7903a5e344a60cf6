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
 * diffusers {@code scheduler/scheduler_config.json}. Absent keys take the defaults DDPMScheduler
 * and DDIMScheduler share (they agree on every key below); {@code set_alpha_to_one} defaults to
 * false for {@code PNDMScheduler} and true otherwise, as in those classes.
 *
 * @param className {@code _class_name}, e.g. {@code PNDMScheduler}, null when absent
 * @param numTrainTimesteps training steps (1000)
 * @param betaStart first beta
 * @param betaEnd last beta
 * @param betaSchedule {@code linear}, {@code scaled_linear} or {@code squaredcos_cap_v2}
 * @param trainedBetas explicit betas overriding the schedule, null when absent
 * @param predictionType {@code epsilon}, {@code v_prediction} or {@code sample}
 * @param stepsOffset offset added to inference timesteps
 * @param clipSample clip the predicted sample
 * @param clipSampleRange clip range
 * @param setAlphaToOne use ᾱ = 1 for the final step
 * @param timestepSpacing {@code leading}, {@code trailing} or {@code linspace}
 * @param varianceType DDPM variance type
 * @param thresholding dynamic thresholding
 * @param dynamicThresholdingRatio thresholding percentile
 * @param sampleMaxValue thresholding cap
 * @param rescaleBetasZeroSnr rescale to zero terminal SNR
 * @param raw the config JSON as written in the file
 * @param extra keys this record does not model ({@code skip_prk_steps}, …)
 */
public record SchedulerConfig(
    @JsonProperty("_class_name") String className,
    int numTrainTimesteps,
    double betaStart,
    double betaEnd,
    String betaSchedule,
    List<Double> trainedBetas,
    String predictionType,
    int stepsOffset,
    boolean clipSample,
    double clipSampleRange,
    boolean setAlphaToOne,
    String timestepSpacing,
    String varianceType,
    boolean thresholding,
    double dynamicThresholdingRatio,
    double sampleMaxValue,
    boolean rescaleBetasZeroSnr,
    @JsonProperty(ConfigFiles.RAW_KEY) JsonNode raw,
    @JsonAnySetter Map<String, Object> extra) {

  /** DDPMScheduler / DDIMScheduler {@code __init__} defaults (set_alpha_to_one: see class doc). */
  static final String DEFAULTS =
      """
      {"_class_name": null, "num_train_timesteps": 1000, "beta_start": 0.0001,
       "beta_end": 0.02, "beta_schedule": "linear", "trained_betas": null,
       "prediction_type": "epsilon", "steps_offset": 0, "clip_sample": true,
       "clip_sample_range": 1.0, "timestep_spacing": "leading",
       "variance_type": "fixed_small", "thresholding": false,
       "dynamic_thresholding_ratio": 0.995, "sample_max_value": 1.0,
       "rescale_betas_zero_snr": false}
      """;

  /** Keeps {@code extra} immutable. */
  public SchedulerConfig {
    extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /**
   * Reads a {@code scheduler_config.json}.
   *
   * @throws CheckpointException naming the file and key on any problem
   */
  public static SchedulerConfig read(Path schedulerConfigJson) {
    return ConfigFiles.read(schedulerConfigJson, SchedulerConfig.class);
  }
}
