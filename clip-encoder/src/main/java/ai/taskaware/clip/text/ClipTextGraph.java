package ai.taskaware.clip.text;

import ai.taskaware.clip.ClipCheckpoint;
import ai.taskaware.clip.ClipException;
import ai.taskaware.clip.ClipTransformer;
import ai.taskaware.core.checkpoint.DType;
import ai.taskaware.core.checkpoint.TensorSource;
import ai.taskaware.core.checkpoint.config.ClipTextConfig;
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
 * Builds transformers' {@code CLIPTextModel} (plus {@code text_projection}) as a graph with int64
 * input {@value #INPUT_IDS} (batch, sequence ≤ max_position_embeddings) and, when asked for,
 * {@value #ATTENTION_MASK} (1 = token, 0 = padding) combined with the causal mask. Only the layers
 * the requested outputs need are built.
 *
 * <p>Outputs: {@code hidden_states.N} (0 = token + position embeddings, N = output of layer N,
 * before {@code final_layer_norm}), {@value #LAST_HIDDEN_STATE} ({@code final_layer_norm} of the
 * last layer), {@value #PROMPT_EMBEDS} (diffusers' {@code clip_skip}: {@code final_layer_norm} of
 * {@code hidden_states[-(clipSkip + 1)]}), {@value #POOLER_OUTPUT} ({@code last_hidden_state} at
 * the first position of the largest token id, as transformers 4.31 finds the EOS) and {@value
 * #TEXT_EMBEDS} ({@code text_projection} of the pooled output).
 */
public final class ClipTextGraph {

  /** Token ids, int64 (batch, sequence). */
  public static final String INPUT_IDS = "input_ids";

  /** Optional padding mask, int64 (batch, sequence). */
  public static final String ATTENTION_MASK = "attention_mask";

  /** {@code final_layer_norm} of the last layer, (B, S, hidden). */
  public static final String LAST_HIDDEN_STATE = "last_hidden_state";

  /** {@code final_layer_norm} of the layer {@code clipSkip} before the last, (B, S, hidden). */
  public static final String PROMPT_EMBEDS = "prompt_embeds";

  /** {@code last_hidden_state} at the EOS position, (B, hidden). */
  public static final String POOLER_OUTPUT = "pooler_output";

  /** {@code text_projection(pooler_output)}, (B, projection_dim). */
  public static final String TEXT_EMBEDS = "text_embeds";

  /** Prefix of the per-layer outputs. */
  public static final String HIDDEN_STATES = "hidden_states.";

  private static final String P = ClipCheckpoint.TEXT_PREFIX;

  /** Large negative additive mask value, as transformers uses {@code torch.finfo(float32).min}. */
  private static final float MASKED = -Float.MAX_VALUE;

  private ClipTextGraph() {}

  /**
   * What the graph computes besides its outputs.
   *
   * @param clipSkip layers skipped for {@value #PROMPT_EMBEDS} (0 = the last layer)
   * @param attentionMask whether the graph takes {@value #ATTENTION_MASK} (Stable Diffusion does
   *     not)
   */
  public record Options(int clipSkip, boolean attentionMask) {

    /** Stable Diffusion 2.1's conditioning: no clip skip, causal mask only. */
    public static final Options STABLE_DIFFUSION = new Options(0, false);

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException when {@code clipSkip} is negative
     */
    public Options {
      if (clipSkip < 0) {
        throw new IllegalArgumentException("clipSkip must be >= 0, got " + clipSkip);
      }
    }
  }

  /**
   * Every output name the tower of {@code checkpoint} can produce.
   *
   * @throws ai.taskaware.core.checkpoint.CheckpointException when it has no text tower
   */
  public static List<String> availableOutputs(ClipCheckpoint checkpoint) {
    ClipTextConfig config = checkpoint.requireText();
    List<String> names = new ArrayList<>();
    for (int i = 0; i <= config.numHiddenLayers(); i++) {
      names.add(HIDDEN_STATES + i);
    }
    names.add(LAST_HIDDEN_STATE);
    names.add(PROMPT_EMBEDS);
    names.add(POOLER_OUTPUT);
    if (checkpoint.hasTextProjection()) {
      names.add(TEXT_EMBEDS);
    }
    return names;
  }

  /**
   * The graph computing {@code outputs}.
   *
   * @param checkpoint a checkpoint with a text tower; it must stay open until the graph is emitted
   * @param outputs the wanted outputs, at least one
   * @throws ClipException naming an unknown output, or {@code clipSkip} when it exceeds the depth
   * @throws ai.taskaware.core.checkpoint.CheckpointException when a weight is missing or the config
   *     names an unsupported activation
   */
  @SuppressWarnings("try") // the naming scope is used only for being open
  public static Graph build(ClipCheckpoint checkpoint, Set<String> outputs, Options options) {
    ClipTextConfig config = checkpoint.requireText();
    List<String> available = availableOutputs(checkpoint);
    if (outputs.isEmpty()) {
      throw new ClipException("outputs", "ask for at least one of " + available);
    }
    for (String name : outputs) {
      if (!available.contains(name)) {
        throw new ClipException(
            name,
            "not an output of the CLIP text tower in "
                + checkpoint.folder()
                + "; available: "
                + available);
      }
    }
    int layers = config.numHiddenLayers();
    if (options.clipSkip() >= layers) {
      throw new ClipException(
          "clipSkip",
          options.clipSkip()
              + " skips every one of the "
              + layers
              + " layers; expected 0.."
              + (layers - 1));
    }
    int skipDepth = layers - options.clipSkip();
    Set<String> wanted = new TreeSet<>(outputs);
    int depth = 0;
    for (String name : wanted) {
      int d =
          name.startsWith(HIDDEN_STATES)
              ? Integer.parseInt(name.substring(HIDDEN_STATES.length()))
              : name.equals(PROMPT_EMBEDS) ? skipDepth : layers;
      depth = Math.max(depth, d);
    }
    TensorSource w = checkpoint.weights();
    GraphBuilder g = new GraphBuilder("clip_text").weightPolicy(WeightPolicy.CONVERT_TO_FLOAT);
    ClipTransformer transformer =
        new ClipTransformer(
            g,
            w,
            config.hiddenSize(),
            config.numAttentionHeads(),
            ClipTransformer.Activation.of(
                config.hiddenAct(), checkpoint.folder().resolve("config.json")),
            config.layerNormEps());

    Shape tokens = Shape.of(Dim.symbolic("batch"), Dim.symbolic("sequence"));
    Value ids = g.input(INPUT_IDS, DType.I64, tokens);
    Value padding = options.attentionMask() ? g.input(ATTENTION_MASK, DType.I64, tokens) : null;
    Value seqLen =
        g.slice(g.shape(ids), new long[] {1}, new long[] {2}, new long[] {0}, new long[] {1});

    Value h;
    try (GraphBuilder.Scope ignored = g.scope(P + "embeddings")) {
      Value embedded =
          g.gather(transformer.weight(P + "embeddings.token_embedding.weight"), ids, 0);
      Value positions =
          g.slice(
              transformer.weight(P + "embeddings.position_embedding.weight"),
              g.ints(0),
              seqLen,
              g.ints(0),
              null);
      h = g.add(embedded, positions);
    }
    Value mask = attentionMask(g, config.maxPositionEmbeddings(), seqLen, padding);
    emit(g, h, HIDDEN_STATES + 0, wanted);
    Value atSkip = null;
    for (int i = 0; i < depth; i++) {
      h = transformer.layer(h, P + "encoder.layers." + i, mask);
      emit(g, h, HIDDEN_STATES + (i + 1), wanted);
      if (i + 1 == skipDepth) {
        atSkip = h;
      }
    }
    if (wanted.contains(PROMPT_EMBEDS)) {
      g.output(transformer.layerNorm(atSkip, P + "final_layer_norm"), PROMPT_EMBEDS);
    }
    if (wanted.contains(LAST_HIDDEN_STATE)
        || wanted.contains(POOLER_OUTPUT)
        || wanted.contains(TEXT_EMBEDS)) {
      Value last = transformer.layerNorm(h, P + "final_layer_norm");
      emit(g, last, LAST_HIDDEN_STATE, wanted);
      if (wanted.contains(POOLER_OUTPUT) || wanted.contains(TEXT_EMBEDS)) {
        Value pooled = eosPooling(g, ids, last);
        emit(g, pooled, POOLER_OUTPUT, wanted);
        if (wanted.contains(TEXT_EMBEDS)) {
          g.output(
              g.linear(pooled, transformer.weight(ClipCheckpoint.TEXT_PROJECTION), null),
              TEXT_EMBEDS);
        }
      }
    }
    return g.build();
  }

  private static void emit(GraphBuilder g, Value v, String name, Set<String> wanted) {
    if (wanted.contains(name)) {
      g.output(v, name);
    }
  }

  /**
   * The causal mask (and the padding mask when given) as one additive float mask broadcastable to
   * (B, heads, S, S).
   */
  private static Value attentionMask(GraphBuilder g, int positions, Value seqLen, Value padding) {
    float[] causal = new float[positions * positions];
    for (int i = 0; i < positions; i++) {
      for (int j = i + 1; j < positions; j++) {
        causal[i * positions + j] = MASKED;
      }
    }
    Value mask =
        g.slice(
            g.constant(causal, positions, positions),
            g.ints(0, 0),
            g.concat(0, seqLen, seqLen),
            g.ints(0, 1),
            null);
    if (padding == null) {
      return mask;
    }
    // transformers adds the two masks; a padded key under the causal mask gets -inf, which the
    // softmax turns into 0 as long as a row keeps one open key (BOS always is).
    Value blocked = g.mul(g.sub(g.scalar(1, DType.F32), g.cast(padding, DType.F32)), MASKED);
    return g.add(mask, g.unsqueeze(blocked, 1, 2));
  }

  /**
   * {@code last[b, argmax(ids[b])]} with argmax's first-occurrence rule, as a one-hot weighted sum
   * (the products with 0 and 1 are exact).
   */
  private static Value eosPooling(GraphBuilder g, Value ids, Value last) {
    Value isMax = g.cast(g.equal(ids, g.reduceMax(ids, true, 1)), DType.F32);
    Value first =
        g.mul(isMax, g.cast(g.equal(g.cumSum(isMax, 1), g.scalar(1, DType.F32)), DType.F32));
    return g.reduceSum(g.mul(last, g.unsqueeze(first, 2)), false, 1);
  }
}
