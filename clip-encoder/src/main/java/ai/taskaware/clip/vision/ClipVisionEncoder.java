package ai.taskaware.clip.vision;

import ai.taskaware.clip.ClipCheckpoint;
import ai.taskaware.clip.ClipException;
import ai.taskaware.clip.ClipRuntime;
import ai.taskaware.core.checkpoint.config.ClipVisionConfig;
import ai.taskaware.core.graph.Graph;
import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.model.VisualEncoder;
import ai.taskaware.core.runtime.OnnxSession;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A CLIP vision tower on ONNX Runtime, computing a fixed set of {@link ClipVisionGraph} outputs. As
 * a {@link VisualEncoder} it returns {@value ClipVisionGraph#LLAVA_IMAGE_FEATURES} (prompts are
 * ignored: CLIP does not read text), which must then be among the outputs.
 *
 * <p>Thread-safe; owns one ONNX Runtime session: close it.
 */
public final class ClipVisionEncoder implements VisualEncoder {

  private final OnnxSession session;
  private final ClipVisionConfig config;
  private final Set<String> outputs;
  private final ClipImageProcessor processor;
  private final int llavaTokens;
  private final String source;

  private ClipVisionEncoder(
      OnnxSession session,
      ClipVisionConfig config,
      Set<String> outputs,
      ClipImageProcessor processor,
      int llavaTokens,
      String source) {
    this.session = session;
    this.config = config;
    this.outputs = outputs;
    this.processor = processor;
    this.llavaTokens = llavaTokens;
    this.source = source;
  }

  /**
   * Loads the vision tower of a {@code CLIPVisionModel} or {@code CLIPModel} folder.
   *
   * @param folder the model folder
   * @param outputs the {@link ClipVisionGraph} outputs to compute
   * @param llava the hidden state and tokens of the LLaVA features
   * @param padToSquare whether preprocessing pads images to a square first (LLaVA-1.5)
   * @param runtime where the graph runs
   * @throws ai.taskaware.core.checkpoint.CheckpointException when the folder is not a CLIP
   *     checkpoint with a vision tower
   * @throws ClipException when an output is unknown
   */
  public static ClipVisionEncoder open(
      Path folder,
      Set<String> outputs,
      LlavaFeatureSelection llava,
      boolean padToSquare,
      ClipRuntime runtime) {
    try (ClipCheckpoint checkpoint = ClipCheckpoint.open(folder)) {
      ClipVisionConfig config = checkpoint.requireVision();
      Set<String> wanted = new TreeSet<>(outputs);
      Graph graph = ClipVisionGraph.build(checkpoint, wanted, llava);
      String key = "clip_vision outputs=" + wanted + " llava=" + llava;
      OnnxSession session = runtime.open(graph, checkpoint, key);
      int tokens =
          llava.tokens() == LlavaFeatureSelection.Tokens.PATCH
              ? config.numPositions() - 1
              : config.numPositions();
      return new ClipVisionEncoder(
          session,
          config,
          Set.copyOf(wanted),
          ClipImageProcessor.forTower(config).withPadToSquare(padToSquare),
          tokens,
          folder.toString());
    }
  }

  /** Loads a tower for LLaVA: outputs only the LLaVA-1.5 features, images padded to square. */
  public static ClipVisionEncoder forLlava(Path folder, ClipRuntime runtime) {
    return open(
        folder,
        Set.of(ClipVisionGraph.LLAVA_IMAGE_FEATURES),
        LlavaFeatureSelection.LLAVA_1_5,
        true,
        runtime);
  }

  /** The tower's config. */
  public ClipVisionConfig config() {
    return config;
  }

  /** The outputs each run computes. */
  public Set<String> outputs() {
    return outputs;
  }

  /** The preprocessing images go through. */
  public ClipImageProcessor processor() {
    return processor;
  }

  /**
   * Runs the tower on preprocessed pixels.
   *
   * @param pixelValues (B, channels, image_size, image_size) float32
   * @return every output of {@link #outputs()}, by name
   * @throws ClipException naming {@code pixel_values} when its shape does not fit the tower
   */
  public Map<String, INDArray> run(INDArray pixelValues) {
    long[] shape = pixelValues.shape();
    long size = config.imageSize();
    if (shape.length != 4
        || shape[0] < 1
        || shape[1] != config.numChannels()
        || shape[2] != size
        || shape[3] != size) {
      throw new ClipException(
          ClipVisionGraph.PIXEL_VALUES,
          "shape "
              + Arrays.toString(shape)
              + " does not fit the vision tower of "
              + source
              + ": expected [batch, "
              + config.numChannels()
              + ", "
              + size
              + ", "
              + size
              + "] (image_size "
              + size
              + ")");
    }
    return session.run(Map.of(ClipVisionGraph.PIXEL_VALUES, pixelValues), outputs);
  }

  /** Preprocesses the images with {@link #processor()} and runs the tower. */
  public Map<String, INDArray> run(List<RgbImage> images) {
    return run(processor.pixelValues(images));
  }

  /**
   * The LLaVA features of the images; prompts are ignored.
   *
   * @throws ClipException when the encoder was opened without {@value
   *     ClipVisionGraph#LLAVA_IMAGE_FEATURES}
   * @throws IllegalArgumentException when {@code prompts} is neither empty nor one per image
   */
  @Override
  public INDArray encode(List<RgbImage> images, List<String> prompts) {
    if (!prompts.isEmpty() && prompts.size() != images.size()) {
      throw new IllegalArgumentException(
          "expected no prompts or one per image, got "
              + prompts.size()
              + " for "
              + images.size()
              + " images");
    }
    requireLlava();
    return run(images).get(ClipVisionGraph.LLAVA_IMAGE_FEATURES);
  }

  private void requireLlava() {
    if (!outputs.contains(ClipVisionGraph.LLAVA_IMAGE_FEATURES)) {
      throw new ClipException(
          ClipVisionGraph.LLAVA_IMAGE_FEATURES,
          "this encoder computes only " + outputs + "; open it with the LLaVA features as output");
    }
  }

  /** Tokens per image of the LLaVA features (576 for ViT-L/14-336 patch features). */
  @Override
  public int tokenCount() {
    return llavaTokens;
  }

  /** The tower width. */
  @Override
  public int featureSize() {
    return config.hiddenSize();
  }

  @Override
  public void close() {
    session.close();
  }
}
