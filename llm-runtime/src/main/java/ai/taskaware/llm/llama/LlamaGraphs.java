package ai.taskaware.llm.llama;

import ai.taskaware.core.checkpoint.DType;
import ai.taskaware.core.checkpoint.TensorSource;
import ai.taskaware.core.checkpoint.config.LlamaConfig;
import ai.taskaware.core.graph.Dim;
import ai.taskaware.core.graph.Graph;
import ai.taskaware.core.graph.GraphBuilder;
import ai.taskaware.core.graph.Shape;
import ai.taskaware.core.graph.Value;
import ai.taskaware.core.graph.WeightPolicy;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Builds the graphs of a {@code LlamaForCausalLM} (transformers 4.31) from its config and weights.
 *
 * <p>Decoder graph inputs: {@value #INPUTS_EMBEDS} {@code [B, S, hidden]}, {@value #ATTENTION_MASK}
 * {@code [B, past + S]} int64 (1 = attend, 0 = padding), {@value #ROPE_COS} and {@value #ROPE_SIN}
 * {@code [B, S, head_dim]} (see {@link LlamaModel}), and for every layer i {@code
 * past_key_values.i.key} / {@code .value} {@code [B, kv_heads, past, head_dim]} (past may be 0).
 * Outputs: {@value #LOGITS} {@code [B, S, vocab]}; {@code hidden_states.0..L} as transformers
 * returns them (0 = embeddings, i = output of layer i, L = after the final norm); {@code
 * layer_output.i} (raw output of layer i, so {@code layer_output.{L-1}} is the un-normed last
 * state); {@code present.i.key} / {@code .value} {@code [B, kv_heads, past + S, head_dim]} with
 * keys stored after RoPE, as transformers stores them.
 *
 * <p>The additive mask is transformers' {@code _prepare_decoder_attention_mask}: query i (absolute
 * position past + i) sees key j when {@code j ≤ past + i} and the mask is 1 at j; blocked entries
 * get {@code finfo(float32).min}.
 */
public final class LlamaGraphs {

  /** Decoder input: token (or spliced image) embeddings. */
  public static final String INPUTS_EMBEDS = "inputs_embeds";

  /** Decoder input: 1 where a key position is attended, over past and current positions. */
  public static final String ATTENTION_MASK = "attention_mask";

  /** Decoder input: RoPE cosines per token. */
  public static final String ROPE_COS = "rope_cos";

  /** Decoder input: RoPE sines per token. */
  public static final String ROPE_SIN = "rope_sin";

  /** Decoder output: next-token logits for every position. */
  public static final String LOGITS = "logits";

  /** Embedding graph input. */
  public static final String INPUT_IDS = "input_ids";

  private static final String EMBED_TOKENS = "model.embed_tokens.weight";

  private LlamaGraphs() {}

  /** Name of the past key input of {@code layer}. */
  public static String pastKey(int layer) {
    return "past_key_values." + layer + ".key";
  }

  /** Name of the past value input of {@code layer}. */
  public static String pastValue(int layer) {
    return "past_key_values." + layer + ".value";
  }

  /** Name of the present (past + current) key output of {@code layer}. */
  public static String presentKey(int layer) {
    return "present." + layer + ".key";
  }

  /** Name of the present value output of {@code layer}. */
  public static String presentValue(int layer) {
    return "present." + layer + ".value";
  }

  /** Name of hidden state {@code i} (0 = embeddings, L = after the final norm). */
  public static String hiddenState(int i) {
    return "hidden_states." + i;
  }

  /**
   * The token-embedding lookup: {@value #INPUT_IDS} {@code [B, S]} int64 → {@value #INPUTS_EMBEDS}
   * float32. Half-precision tables stay half precision; only the gathered rows are cast.
   */
  public static Graph embedding(LlamaConfig config, TensorSource weights) {
    GraphBuilder g = new GraphBuilder("llama-embedding").weightPolicy(WeightPolicy.KEEP);
    Value ids =
        g.input(INPUT_IDS, DType.I64, Shape.of(Dim.symbolic("batch"), Dim.symbolic("sequence")));
    Value table = g.weight(weights, EMBED_TOKENS);
    Value rows = g.gather(table, ids, 0);
    g.output(rows.dtype() == DType.F32 ? rows : g.cast(rows, DType.F32), INPUTS_EMBEDS);
    return g.build();
  }

  /**
   * The decoder (all layers, final norm, lm_head) with its KV-cache inputs and outputs.
   *
   * @param policy {@link WeightPolicy#KEEP_AND_CAST} or {@link WeightPolicy#CONVERT_TO_FLOAT}: the
   *     graph computes in float32 whatever the checkpoint's dtype
   * @throws IllegalArgumentException for {@link WeightPolicy#KEEP} (half-precision compute is not
   *     built here)
   * @throws ai.taskaware.core.checkpoint.CheckpointException naming a missing weight
   */
  public static Graph decoder(LlamaConfig config, TensorSource weights, WeightPolicy policy) {
    return decoder(config, weights, policy, new CompactLinears(LinearWeights.FLOAT32));
  }

  /** The decoder with its linear layers in {@code linears}' format. */
  static Graph decoder(
      LlamaConfig config, TensorSource weights, WeightPolicy policy, CompactLinears linears) {
    if (linears.format() == LinearWeights.HALF_RESIDENT && policy != WeightPolicy.KEEP_AND_CAST) {
      throw new IllegalArgumentException(
          "HALF_RESIDENT linear weights need WeightPolicy.KEEP_AND_CAST, got " + policy);
    }
    if (policy == WeightPolicy.KEEP) {
      throw new IllegalArgumentException(
          "the LLaMA decoder computes in float32: use KEEP_AND_CAST or CONVERT_TO_FLOAT");
    }
    int layers = config.numHiddenLayers();
    int heads = config.numAttentionHeads();
    int kvHeads = config.numKeyValueHeads();
    int headDim = config.effectiveHeadDim();
    double eps = config.rmsNormEps();
    GraphBuilder g = new GraphBuilder("llama-decoder").weightPolicy(policy);
    Dim batch = Dim.symbolic("batch");
    Dim seq = Dim.symbolic("sequence");
    Dim total = Dim.symbolic("total_sequence");
    Dim past = Dim.symbolic("past_sequence");
    Value h = g.input(INPUTS_EMBEDS, DType.F32, Shape.of(batch, seq, Dim.of(config.hiddenSize())));
    Value mask = g.input(ATTENTION_MASK, DType.I64, Shape.of(batch, total));
    Value cos = g.input(ROPE_COS, DType.F32, Shape.of(batch, seq, Dim.of(headDim)));
    Value sin = g.input(ROPE_SIN, DType.F32, Shape.of(batch, seq, Dim.of(headDim)));
    Shape kvShape = Shape.of(batch, Dim.of(kvHeads), past, Dim.of(headDim));
    Value[] pastKeys = new Value[layers];
    Value[] pastValues = new Value[layers];
    for (int i = 0; i < layers; i++) {
      pastKeys[i] = g.input(pastKey(i), DType.F32, kvShape);
      pastValues[i] = g.input(pastValue(i), DType.F32, kvShape);
    }
    Value bias = attentionBias(g, h, mask);
    Value cos4 = g.unsqueeze(cos, 1);
    Value sin4 = g.unsqueeze(sin, 1);

    g.output(h, hiddenState(0));
    for (int i = 0; i < layers; i++) {
      String p = "model.layers." + i + ".";
      GraphBuilder.Scope scope = g.scope("layers." + i);
      try {
        Value x = g.rmsNorm(h, g.weight(weights, p + "input_layernorm.weight"), eps);
        Value q =
            g.splitHeads(project(g, linears, weights, config, x, p + "self_attn.q_proj"), heads);
        Value k =
            g.splitHeads(project(g, linears, weights, config, x, p + "self_attn.k_proj"), kvHeads);
        Value v =
            g.splitHeads(project(g, linears, weights, config, x, p + "self_attn.v_proj"), kvHeads);
        q = rotate(g, q, cos4, sin4, headDim);
        k = rotate(g, k, cos4, sin4, headDim);
        Value keys = g.concat(2, pastKeys[i], k);
        Value values = g.concat(2, pastValues[i], v);
        g.output(keys, presentKey(i));
        g.output(values, presentValue(i));
        Value attended =
            g.attention(
                q,
                repeatKv(g, keys, heads / kvHeads, heads, headDim),
                repeatKv(g, values, heads / kvHeads, heads, headDim),
                bias,
                1.0 / Math.sqrt(headDim));
        h =
            g.add(
                h,
                project(
                    g, linears, weights, config, g.mergeHeads(attended), p + "self_attn.o_proj"));
        Value y = g.rmsNorm(h, g.weight(weights, p + "post_attention_layernorm.weight"), eps);
        Value gate = g.silu(mlp(g, linears, weights, config, y, p + "mlp.gate_proj"));
        Value up = mlp(g, linears, weights, config, y, p + "mlp.up_proj");
        h = g.add(h, mlp(g, linears, weights, config, g.mul(gate, up), p + "mlp.down_proj"));
      } finally {
        scope.close();
      }
      g.output(h, "layer_output." + i);
      if (i < layers - 1) {
        g.output(h, hiddenState(i + 1));
      }
    }
    Value normed = g.rmsNorm(h, g.weight(weights, "model.norm.weight"), eps);
    g.output(normed, hiddenState(layers));
    Value logits =
        config.tieWordEmbeddings()
            ? linears.linear(g, weights, EMBED_TOKENS, "lm_head.tied", normed, null)
            : linears.linear(g, weights, "lm_head.weight", "lm_head.weight", normed, null);
    g.output(logits, LOGITS);
    return g.build();
  }

  /** The output names of a decoder for {@code config}, in graph order. */
  static List<String> hiddenStateNames(LlamaConfig config) {
    return IntStream.rangeClosed(0, config.numHiddenLayers())
        .mapToObj(LlamaGraphs::hiddenState)
        .toList();
  }

  /** {@code [B, 1, S, T]} additive mask: causal (offset by the past) and padding. */
  private static Value attentionBias(GraphBuilder g, Value embeds, Value mask) {
    Value one = g.scalar(1, DType.I64);
    Value zero = g.scalar(0, DType.I64);
    Value total = g.gather(g.shape(mask), one, 0);
    Value seq = g.gather(g.shape(embeds), one, 0);
    Value queryPositions = g.range(g.sub(total, seq), total, one);
    Value keyPositions = g.range(zero, total, one);
    Value future = g.greater(g.unsqueeze(keyPositions, 0), g.unsqueeze(queryPositions, 1));
    Value padding = g.equal(mask, zero);
    Value blocked =
        g.max(
            g.unsqueeze(g.cast(future, DType.F32), 0, 1),
            g.unsqueeze(g.cast(padding, DType.F32), 1, 2));
    return g.mul(blocked, -Float.MAX_VALUE);
  }

  /** transformers' {@code q·cos + rotate_half(q)·sin}, rotate_half(x) = cat(−x₂, x₁). */
  private static Value rotate(GraphBuilder g, Value x, Value cos, Value sin, int headDim) {
    List<Value> halves = g.split(x, -1, headDim / 2, headDim / 2);
    Value rotated = g.concat(-1, g.neg(halves.get(1)), halves.get(0));
    return g.add(g.mul(x, cos), g.mul(rotated, sin));
  }

  /** transformers' {@code repeat_kv}: each key/value head serves {@code groups} query heads. */
  private static Value repeatKv(GraphBuilder g, Value x, int groups, int heads, int headDim) {
    if (groups == 1) {
      return x;
    }
    Value expanded = g.expand(g.unsqueeze(x, 2), 1, 1, groups, 1, 1);
    return g.reshape(expanded, 0, heads, -1, headDim);
  }

  private static Value project(
      GraphBuilder g, CompactLinears l, TensorSource w, LlamaConfig c, Value x, String name) {
    Value bias = c.attentionBias() ? g.weight(w, name + ".bias") : null;
    return l.linear(g, w, name + ".weight", name + ".weight", x, bias);
  }

  private static Value mlp(
      GraphBuilder g, CompactLinears l, TensorSource w, LlamaConfig c, Value x, String name) {
    Value bias = c.mlpBias() ? g.weight(w, name + ".bias") : null;
    return l.linear(g, w, name + ".weight", name + ".weight", x, bias);
  }
}
