package ai.taskaware.clip;

import ai.taskaware.core.checkpoint.CheckpointException;
import ai.taskaware.core.checkpoint.CheckpointFingerprint;
import ai.taskaware.core.checkpoint.Checkpoints;
import ai.taskaware.core.checkpoint.TensorSource;
import ai.taskaware.core.checkpoint.config.ClipConfig;
import ai.taskaware.core.checkpoint.config.ClipTextConfig;
import ai.taskaware.core.checkpoint.config.ClipVisionConfig;
import ai.taskaware.core.checkpoint.config.ConfigFiles;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * A Hugging Face CLIP folder in any of its layouts: {@code CLIPVisionModel} / {@code
 * CLIPVisionModelWithProjection} (vision fields at the top of {@code config.json}), {@code
 * CLIPTextModel} / {@code CLIPTextModelWithProjection} (e.g. Stable Diffusion's {@code
 * text_encoder/}), or a full {@code CLIPModel} (nested {@code vision_config} / {@code text_config},
 * both towers, projections and {@code logit_scale}). Weights keep their transformers names ({@code
 * vision_model.…}, {@code text_model.…}, {@code visual_projection.weight}, {@code
 * text_projection.weight}); a tower is present when its embedding weights are. Projections are
 * checked against the config when the checkpoint is opened.
 */
public final class ClipCheckpoint implements AutoCloseable {

  /** Prefix of every vision tower weight. */
  public static final String VISION_PREFIX = "vision_model.";

  /** Prefix of every text tower weight. */
  public static final String TEXT_PREFIX = "text_model.";

  /** The image projection of {@code CLIPModel} / {@code CLIPVisionModelWithProjection}. */
  public static final String VISUAL_PROJECTION = "visual_projection.weight";

  /** The text projection of {@code CLIPModel} / {@code CLIPTextModelWithProjection}. */
  public static final String TEXT_PROJECTION = "text_projection.weight";

  /** The learned temperature (log scale) of {@code CLIPModel}. */
  public static final String LOGIT_SCALE = "logit_scale";

  private static final String PATCH_EMBEDDING = VISION_PREFIX + "embeddings.patch_embedding.weight";
  private static final String TOKEN_EMBEDDING = TEXT_PREFIX + "embeddings.token_embedding.weight";

  private final Path folder;
  private final TensorSource weights;
  private final ClipVisionConfig vision;
  private final ClipTextConfig text;
  private final int projectionDim;

  private ClipCheckpoint(
      Path folder,
      TensorSource weights,
      ClipVisionConfig vision,
      ClipTextConfig text,
      int projectionDim) {
    this.folder = folder;
    this.weights = weights;
    this.vision = vision;
    this.text = text;
    this.projectionDim = projectionDim;
  }

  /**
   * Opens the model folder: reads {@code config.json}, opens the weights with {@link
   * Checkpoints#openWeights} and checks the projections' shapes.
   *
   * @throws CheckpointException naming the file and key or tensor when the config is missing or is
   *     not a CLIP config, no tower's weights are present, or a projection's shape disagrees with
   *     {@code projection_dim} or the tower width
   */
  public static ClipCheckpoint open(Path folder) {
    Path configFile = folder.resolve("config.json");
    if (!Files.isRegularFile(configFile)) {
      throw new CheckpointException(
          configFile, null, "missing: a CLIP model folder needs its transformers config.json");
    }
    ObjectNode json = ConfigFiles.readTree(configFile);
    String modelType = json.path("model_type").asText("");
    ClipVisionConfig vision;
    ClipTextConfig text;
    int projectionDim;
    if (json.has("vision_config") || json.has("text_config") || modelType.equals("clip")) {
      ClipConfig full = ClipConfig.read(configFile);
      vision = full.visionConfig();
      text = full.textConfig();
      projectionDim = full.projectionDim();
    } else if (modelType.equals("clip_vision_model")
        || (modelType.isEmpty() && json.has("image_size"))) {
      vision = ClipVisionConfig.read(configFile);
      text = null;
      projectionDim = vision.projectionDim();
    } else if (modelType.equals("clip_text_model")
        || (modelType.isEmpty() && json.has("vocab_size"))) {
      vision = null;
      text = ClipTextConfig.read(configFile);
      projectionDim = text.projectionDim();
    } else {
      throw new CheckpointException(
          configFile,
          "model_type",
          "expected \"clip\", \"clip_vision_model\" or \"clip_text_model\", got \""
              + modelType
              + "\"");
    }
    TensorSource weights = Checkpoints.openWeights(folder);
    try {
      if (!weights.contains(PATCH_EMBEDDING)) {
        vision = null;
      }
      if (!weights.contains(TOKEN_EMBEDDING)) {
        text = null;
      }
      if (vision == null && text == null) {
        throw new CheckpointException(
            folder,
            null,
            "holds neither a CLIP vision tower ("
                + PATCH_EMBEDDING
                + ") nor a text tower ("
                + TOKEN_EMBEDDING
                + ")");
      }
      ClipCheckpoint checkpoint = new ClipCheckpoint(folder, weights, vision, text, projectionDim);
      if (vision != null) {
        checkpoint.checkProjection(VISUAL_PROJECTION, vision.hiddenSize());
      }
      if (text != null) {
        checkpoint.checkProjection(TEXT_PROJECTION, text.hiddenSize());
      }
      return checkpoint;
    } catch (RuntimeException e) {
      weights.close();
      throw e;
    }
  }

  private void checkProjection(String tensor, int towerWidth) {
    if (!weights.contains(tensor)) {
      return;
    }
    long[] shape = weights.info(tensor).shape();
    if (shape.length != 2 || shape[0] != projectionDim || shape[1] != towerWidth) {
      throw new CheckpointException(
          folder,
          tensor,
          "shape "
              + Arrays.toString(shape)
              + " does not match config.json projection_dim "
              + projectionDim
              + " × tower hidden_size "
              + towerWidth
              + ": expected ["
              + projectionDim
              + ", "
              + towerWidth
              + "]");
    }
  }

  /** The folder this checkpoint was opened from. */
  public Path folder() {
    return folder;
  }

  /** The weights, by their transformers names. */
  public TensorSource weights() {
    return weights;
  }

  /** The vision tower's config, when the folder holds a vision tower. */
  public Optional<ClipVisionConfig> visionConfig() {
    return Optional.ofNullable(vision);
  }

  /** The text tower's config, when the folder holds a text tower. */
  public Optional<ClipTextConfig> textConfig() {
    return Optional.ofNullable(text);
  }

  /**
   * The vision tower's config.
   *
   * @throws CheckpointException naming the folder when it holds no vision tower
   */
  public ClipVisionConfig requireVision() {
    if (vision == null) {
      throw new CheckpointException(
          folder, PATCH_EMBEDDING, "no CLIP vision tower in this checkpoint");
    }
    return vision;
  }

  /**
   * The text tower's config.
   *
   * @throws CheckpointException naming the folder when it holds no text tower
   */
  public ClipTextConfig requireText() {
    if (text == null) {
      throw new CheckpointException(
          folder, TOKEN_EMBEDDING, "no CLIP text tower in this checkpoint");
    }
    return text;
  }

  /** Width of the shared image–text embedding space ({@code projection_dim}). */
  public int projectionDim() {
    return projectionDim;
  }

  /** Whether {@code visual_projection.weight} is present. */
  public boolean hasVisualProjection() {
    return vision != null && weights.contains(VISUAL_PROJECTION);
  }

  /** Whether {@code text_projection.weight} is present. */
  public boolean hasTextProjection() {
    return text != null && weights.contains(TEXT_PROJECTION);
  }

  /**
   * The stored {@code logit_scale} (a log temperature), when present.
   *
   * @throws CheckpointException when the tensor is not a single value
   */
  public Optional<Double> logitScale() {
    if (!weights.contains(LOGIT_SCALE)) {
      return Optional.empty();
    }
    long[] shape = weights.info(LOGIT_SCALE).shape();
    if (Arrays.stream(shape).reduce(1, (a, b) -> a * b) != 1) {
      throw new CheckpointException(
          folder, LOGIT_SCALE, "expected one value, got shape " + Arrays.toString(shape));
    }
    return Optional.of(weights.floatArray(LOGIT_SCALE).getDouble(0));
  }

  /** The checkpoint fingerprint of the folder, for caching compiled graphs. */
  public String fingerprint() {
    return CheckpointFingerprint.of(folder);
  }

  /** Releases the weights' memory maps. */
  @Override
  public void close() {
    weights.close();
  }
}
