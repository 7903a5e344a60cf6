package ai.taskaware.clip;

import ai.taskaware.core.checkpoint.CheckpointException;
import ai.taskaware.core.checkpoint.TensorSource;
import ai.taskaware.core.graph.GraphBuilder;
import ai.taskaware.core.graph.Value;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The pre-norm transformer encoder layer both CLIP towers use (transformers {@code
 * CLIPEncoderLayer}): {@code h + self_attn(layer_norm1(h))}, then {@code h + mlp(layer_norm2(h))},
 * with q/k/v/out projections that have biases, attention scale {@code head_dim^-0.5} and an MLP
 * {@code fc2(act(fc1(x)))}. One instance serves one {@link GraphBuilder}: it adds each checkpoint
 * weight to the graph once, however often it is used.
 */
public final class ClipTransformer {
  private final GraphBuilder g;
  private final TensorSource weights;
  private final int hiddenSize;
  private final int heads;
  private final Activation activation;
  private final double layerNormEps;
  private final Map<String, Value> added = new HashMap<>();

  /** The MLP activations CLIP configs name in {@code hidden_act}. */
  public enum Activation {
    /** OpenAI CLIP's {@code x·sigmoid(1.702·x)}. */
    QUICK_GELU,
    /** Exact (erf) GELU, OpenCLIP and SD2's text encoder. */
    GELU,
    /** GELU with the tanh approximation ({@code gelu_new}, {@code gelu_pytorch_tanh}). */
    GELU_TANH;

    /**
     * The activation a config's {@code hidden_act} names.
     *
     * @param configFile the config, for the error message
     * @throws CheckpointException naming the file and key for an activation CLIP does not use
     */
    public static Activation of(String hiddenAct, Path configFile) {
      return switch (hiddenAct == null ? "" : hiddenAct) {
        case "quick_gelu" -> QUICK_GELU;
        case "gelu" -> GELU;
        case "gelu_new", "gelu_pytorch_tanh" -> GELU_TANH;
        default ->
            throw new CheckpointException(
                configFile,
                "hidden_act",
                "unsupported activation \""
                    + hiddenAct
                    + "\", expected quick_gelu, gelu, gelu_new or gelu_pytorch_tanh");
      };
    }

    Value apply(GraphBuilder g, Value x) {
      return switch (this) {
        case QUICK_GELU -> g.quickGelu(x);
        case GELU -> g.gelu(x);
        case GELU_TANH -> g.geluTanh(x);
      };
    }
  }

  /**
   * Layers for the graph {@code g} records.
   *
   * @param g the graph under construction
   * @param weights the checkpoint's tensors
   * @param hiddenSize model width
   * @param heads attention heads
   * @param activation the MLP activation, from the config's {@code hidden_act}
   * @param layerNormEps LayerNorm epsilon
   * @throws IllegalArgumentException when {@code hiddenSize} is not a multiple of {@code heads}
   */
  public ClipTransformer(
      GraphBuilder g,
      TensorSource weights,
      int hiddenSize,
      int heads,
      Activation activation,
      double layerNormEps) {
    if (heads <= 0 || hiddenSize % heads != 0) {
      throw new IllegalArgumentException(
          "hidden_size " + hiddenSize + " is not divisible into " + heads + " attention heads");
    }
    this.g = g;
    this.weights = weights;
    this.hiddenSize = hiddenSize;
    this.heads = heads;
    this.activation = activation;
    this.layerNormEps = layerNormEps;
  }

  /**
   * The checkpoint tensor {@code name} as a graph weight, added on first use.
   *
   * @throws CheckpointException when the tensor is absent
   */
  public Value weight(String name) {
    Value v = added.get(name);
    if (v == null) {
      v = g.weight(weights, name);
      added.put(name, v);
    }
    return v;
  }

  /** A LayerNorm whose weight and bias are {@code prefix.weight} / {@code prefix.bias}. */
  public Value layerNorm(Value x, String prefix) {
    return g.layerNorm(x, weight(prefix + ".weight"), weight(prefix + ".bias"), layerNormEps);
  }

  /** An {@code nn.Linear} with bias, weights {@code prefix.weight} / {@code prefix.bias}. */
  public Value linear(Value x, String prefix) {
    return g.linear(x, weight(prefix + ".weight"), weight(prefix + ".bias"));
  }

  /**
   * One encoder layer on {@code h} (B, S, hidden).
   *
   * @param prefix the layer's weight prefix, e.g. {@code vision_model.encoder.layers.3}
   * @param mask an additive attention mask broadcastable to (B, heads, S, S), or null
   */
  @SuppressWarnings("try") // the naming scope is used only for being open
  public Value layer(Value h, String prefix, Value mask) {
    try (GraphBuilder.Scope ignored = g.scope(prefix)) {
      Value x = layerNorm(h, prefix + ".layer_norm1");
      String attn = prefix + ".self_attn";
      Value q = g.splitHeads(linear(x, attn + ".q_proj"), heads);
      Value k = g.splitHeads(linear(x, attn + ".k_proj"), heads);
      Value v = g.splitHeads(linear(x, attn + ".v_proj"), heads);
      double scale = Math.pow((double) hiddenSize / heads, -0.5);
      Value attended = g.mergeHeads(g.attention(q, k, v, mask, scale));
      h = g.add(h, linear(attended, attn + ".out_proj"));
      Value y = layerNorm(h, prefix + ".layer_norm2");
      y = linear(activation.apply(g, linear(y, prefix + ".mlp.fc1")), prefix + ".mlp.fc2");
      return g.add(h, y);
    }
  }
}
