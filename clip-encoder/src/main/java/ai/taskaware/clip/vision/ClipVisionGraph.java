package ai.taskaware.clip.vision;

import ai.taskaware.clip.ClipCheckpoint;
import ai.taskaware.clip.ClipException;
import ai.taskaware.clip.ClipTransformer;
import ai.taskaware.core.checkpoint.DType;
import ai.taskaware.core.checkpoint.TensorSource;
import ai.taskaware.core.checkpoint.config.ClipVisionConfig;
import ai.taskaware.core.graph.Dim;
import ai.taskaware.core.graph.Graph;
import ai.taskaware.core.graph.GraphBuilder;
import ai.taskaware.core.graph.Shape;
import ai.taskaware.core.graph.Value;
import ai.taskaware.core.graph.WeightPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds transformers' {@code CLIPVisionModel} (plus {@code visual_projection}) as a graph with
 * input {@value #PIXEL_VALUES} of shape (batch, channels, image_size, image_size). Only what the
 * requested outputs need is built: asking for {@code hidden_states.3} of a 24-layer tower builds
 * three layers.
 *
 * <p>Output names are transformers': {@code hidden_states.N} (0 = {@code pre_layrnorm} of the
 * embeddings, N = output of layer N, none post-normed), {@value #LAST_HIDDEN_STATE}, {@value
 * #POOLER_OUTPUT} ({@code post_layernorm} of the class token), {@value #IMAGE_EMBEDS} ({@code
 * visual_projection} of the pooled output) and {@value #LLAVA_IMAGE_FEATURES} (see {@link
 * LlavaFeatureSelection}).
 */
public final class ClipVisionGraph {

  /** The input: normalized images, NCHW float32. */
  public static final String PIXEL_VALUES = "pixel_values";

  /** Encoder output of the last layer, not post-normed, (B, 1 + patches, hidden). */
  public static final String LAST_HIDDEN_STATE = "last_hidden_state";

  /** {@code post_layernorm} of the class token of the last layer, (B, hidden). */
  public static final String POOLER_OUTPUT = "pooler_output";

  /** {@code visual_projection(pooler_output)}, (B, projection_dim). */
  public static final String IMAGE_EMBEDS = "image_embeds";

  /** The LLaVA projector's input, (B, tokens, hidden). */
  public static final String LLAVA_IMAGE_FEATURES = "llava_image_features";

  /** Prefix of the per-layer outputs. */
  public static final String HIDDEN_STATES = "hidden_states.";

  private static final String P = ClipCheckpoint.VISION_PREFIX;

  private ClipVisionGraph() {}

  /**
   * Every output name the tower of {@code checkpoint} can produce.
   *
   * @throws ai.taskaware.core.checkpoint.CheckpointException when it has no vision tower
   */
  public static List<String> availableOutputs(ClipCheckpoint checkpoint) {
    ClipVisionConfig config = checkpoint.requireVision();
    List<String> names = new ArrayList<>();
    for (int i = 0; i <= config.numHiddenLayers(); i++) {
      names.add(HIDDEN_STATES + i);
    }
    names.add(LAST_HIDDEN_STATE);
    names.add(POOLER_OUTPUT);
    if (checkpoint.hasVisualProjection()) {
      names.add(IMAGE_EMBEDS);
    }
    names.add(LLAVA_IMAGE_FEATURES);
    return names;
  }

  /**
   * The graph computing {@code outputs}.
   *
   * @param checkpoint a checkpoint with a vision tower; it must stay open until the graph is
   *     emitted
   * @param outputs the wanted outputs, at least one
   * @param llava which hidden state and tokens {@value #LLAVA_IMAGE_FEATURES} takes
   * @throws ClipException naming an unknown output and listing the available ones
   * @throws ai.taskaware.core.checkpoint.CheckpointException when a weight is missing or the config
   *     names an unsupported activation
   */
  public static Graph build(
      ClipCheckpoint checkpoint, Set<String> outputs, LlavaFeatureSelection llava) {
    ClipVisionConfig config = checkpoint.requireVision();
    List<String> available = availableOutputs(checkpoint);
    if (outputs.isEmpty()) {
      throw new ClipException("outputs", "ask for at least one of " + available);
    }
    for (String name : outputs) {
      if (!available.contains(name)) {
        throw new ClipException(
            name,
            "not an output of the CLIP vision tower in "
                + checkpoint.folder()
                + "; available: "
                + available);
      }
    }
    int layers = config.numHiddenLayers();
    int llavaLayer = llava.resolve(layers);
    int depth = 0;
    for (String name : outputs) {
      depth = Math.max(depth, depthOf(name, layers, llavaLayer));
    }
    TensorSource w = checkpoint.weights();
    // fp16/bf16 checkpoints become a float32 graph: parity is with transformers in fp32.
    GraphBuilder g = new GraphBuilder("clip_vision").weightPolicy(WeightPolicy.CONVERT_TO_FLOAT);
    ClipTransformer transformer =
        new ClipTransformer(
            g,
            w,
            config.hiddenSize(),
            config.numAttentionHeads(),
            ClipTransformer.Activation.of(
                config.hiddenAct(), checkpoint.folder().resolve("config.json")),
            config.layerNormEps());

    long size = config.imageSize();
    Value pixels =
        g.input(
            PIXEL_VALUES,
            DType.F32,
            Shape.of(
                Dim.symbolic("batch"), Dim.of(config.numChannels()), Dim.of(size), Dim.of(size)));
    Value h = embeddings(g, transformer, config, pixels);
    h = transformer.layerNorm(h, P + "pre_layrnorm");
    Set<String> wanted = new TreeSet<>(outputs);
    emitHidden(g, h, 0, layers, llavaLayer, llava, wanted);
    for (int i = 0; i < depth; i++) {
      h = transformer.layer(h, P + "encoder.layers." + i, null);
      emitHidden(g, h, i + 1, layers, llavaLayer, llava, wanted);
    }
    if (wanted.contains(POOLER_OUTPUT) || wanted.contains(IMAGE_EMBEDS)) {
      Value cls =
          g.squeeze(g.slice(h, new long[] {0}, new long[] {1}, new long[] {1}, new long[] {1}), 1);
      Value pooled = transformer.layerNorm(cls, P + "post_layernorm");
      if (wanted.contains(POOLER_OUTPUT)) {
        g.output(pooled, POOLER_OUTPUT);
      }
      if (wanted.contains(IMAGE_EMBEDS)) {
        g.output(
            g.linear(pooled, transformer.weight(ClipCheckpoint.VISUAL_PROJECTION), null),
            IMAGE_EMBEDS);
      }
    }
    return g.build();
  }

  private static int depthOf(String name, int layers, int llavaLayer) {
    if (name.startsWith(HIDDEN_STATES)) {
      return Integer.parseInt(name.substring(HIDDEN_STATES.length()));
    }
    return name.equals(LLAVA_IMAGE_FEATURES) ? llavaLayer : layers;
  }

  private static void emitHidden(
      GraphBuilder g,
      Value h,
      int index,
      int layers,
      int llavaLayer,
      LlavaFeatureSelection llava,
      Set<String> wanted) {
    if (wanted.contains(HIDDEN_STATES + index)) {
      g.output(h, HIDDEN_STATES + index);
    }
    if (index == layers && wanted.contains(LAST_HIDDEN_STATE)) {
      g.output(h, LAST_HIDDEN_STATE);
    }
    if (index == llavaLayer && wanted.contains(LLAVA_IMAGE_FEATURES)) {
      Value features =
          llava.tokens() == LlavaFeatureSelection.Tokens.PATCH
              ? g.slice(
                  h, new long[] {1}, new long[] {Long.MAX_VALUE}, new long[] {1}, new long[] {1})
              : h;
      g.output(features, LLAVA_IMAGE_FEATURES);
    }
  }

  /** Patch embedding (conv without bias), class token first, plus position embeddings. */
  @SuppressWarnings("try") // the naming scope is used only for being open
  private static Value embeddings(
      GraphBuilder g, ClipTransformer transformer, ClipVisionConfig config, Value pixels) {
    long hidden = config.hiddenSize();
    long patch = config.patchSize();
    try (GraphBuilder.Scope ignored = g.scope(P + "embeddings")) {
      Value conv =
          g.conv(
              pixels,
              transformer.weight(P + "embeddings.patch_embedding.weight"),
              null,
              new long[] {patch, patch},
              new long[] {0, 0, 0, 0},
              new long[] {1, 1},
              1);
      Value patches = g.transpose(g.reshape(conv, 0, hidden, -1), 0, 2, 1);
      Value batch =
          g.slice(g.shape(pixels), new long[] {0}, new long[] {1}, new long[] {0}, new long[] {1});
      // Expand to a runtime batch loses the static rank; the reshape restores it for later ops.
      Value cls =
          g.reshape(
              g.expand(
                  g.reshape(transformer.weight(P + "embeddings.class_embedding"), 1, 1, hidden),
                  g.concat(0, batch, g.ints(1, hidden))),
              -1,
              1,
              hidden);
      Value tokens = g.concat(1, cls, patches);
      return g.add(tokens, transformer.weight(P + "embeddings.position_embedding.weight"));
    }
  }
}
