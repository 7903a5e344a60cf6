package ai.taskaware.llm.llama;

import ai.taskaware.core.checkpoint.CheckpointException;
import ai.taskaware.core.checkpoint.CheckpointFingerprint;
import ai.taskaware.core.checkpoint.Checkpoints;
import ai.taskaware.core.checkpoint.TensorSource;
import ai.taskaware.core.checkpoint.config.LlamaConfig;
import ai.taskaware.core.graph.Graph;
import ai.taskaware.core.graph.OnnxEmitter;
import ai.taskaware.core.graph.WeightPolicy;
import ai.taskaware.core.runtime.OnnxModelCache;
import ai.taskaware.core.runtime.OnnxSession;
import ai.taskaware.core.runtime.RuntimeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A LLaMA-family causal LM loaded from a Hugging Face folder ({@code config.json} plus {@code
 * model.safetensors} or a sharded {@code *.safetensors.index.json}) and run on ONNX Runtime: a
 * token-embedding graph and one decoder graph that serves prefill and cached decode steps (see the
 * package documentation for why it is one graph).
 *
 * <p>Thread-safe (ORT sessions are); owns two sessions: close it.
 */
public final class LlamaModel implements AutoCloseable {

  /** The {@code architectures} entries this class builds. */
  public static final List<String> SUPPORTED_ARCHITECTURES =
      List.of("LlamaForCausalLM", "LlavaLlamaForCausalLM");

  private static final List<String> SUPPORTED_MODEL_TYPES = List.of("llama", "llava");

  private final LlamaConfig config;
  private final RotaryEmbedding rotary;
  private final OnnxSession embedding;
  private final OnnxSession decoder;

  /**
   * How to load a model.
   *
   * @param runtime ORT session options
   * @param weightPolicy {@link WeightPolicy#KEEP_AND_CAST} (half-precision weights stay half in the
   *     model file) or {@link WeightPolicy#CONVERT_TO_FLOAT}; computation is float32 either way
   * @param cache where compiled graphs are kept between runs, or null to build them in memory each
   *     time (in-memory models must stay under 2 GB)
   * @param linearWeights how the linear layers' weights are held in memory
   */
  public record Options(
      RuntimeOptions runtime,
      WeightPolicy weightPolicy,
      OnnxModelCache cache,
      LinearWeights linearWeights) {

    /** Requires every setting but the cache. */
    public Options {
      if (runtime == null || weightPolicy == null || linearWeights == null) {
        throw new IllegalArgumentException(
            "runtime options, weight policy and linear-weight format are required");
      }
    }

    /** Float32 linear layers ({@link LinearWeights#FLOAT32}). */
    public Options(RuntimeOptions runtime, WeightPolicy weightPolicy, OnnxModelCache cache) {
      this(runtime, weightPolicy, cache, LinearWeights.FLOAT32);
    }

    /** These options with the linear layers held as {@code format}. */
    public Options withLinearWeights(LinearWeights format) {
      return new Options(runtime, weightPolicy, cache, format);
    }

    /** CPU, KEEP_AND_CAST, built in memory. */
    public static Options inMemory() {
      return new Options(RuntimeOptions.cpu(), WeightPolicy.KEEP_AND_CAST, null);
    }
  }

  private LlamaModel(
      LlamaConfig config, RotaryEmbedding rotary, OnnxSession embedding, OnnxSession decoder) {
    this.config = config;
    this.rotary = rotary;
    this.embedding = embedding;
    this.decoder = decoder;
  }

  /**
   * Loads the model in {@code folder}.
   *
   * @throws UnsupportedArchitectureException when config.json names another model class
   * @throws CheckpointException naming the file and key/tensor for unreadable configs, unsupported
   *     {@code rope_scaling} or missing weights
   */
  public static LlamaModel load(Path folder, Options options) {
    Path configFile = folder.resolve("config.json");
    LlamaConfig config = LlamaConfig.read(configFile);
    checkArchitecture(configFile, config);
    RotaryEmbedding rotary;
    try {
      rotary = new RotaryEmbedding(config);
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(configFile, "rope_scaling", e.getMessage(), e);
    }
    String policy = options.weightPolicy().name() + ";linear=" + options.linearWeights().name();
    OnnxSession embedding = null;
    try (TensorSource weights = Checkpoints.openWeights(folder)) {
      embedding =
          session(
              folder,
              options,
              "llama-embedding/v1",
              weights,
              w -> LlamaGraphs.embedding(config, w));
      // through a cache the model file is written to disk anyway, so the packed weights can wait
      // there too instead of on the heap (4 GB for a 7B model in 4 bits)
      Path scratch = options.cache() == null ? null : options.cache().root();
      try (CompactLinears linears = new CompactLinears(options.linearWeights(), scratch)) {
        OnnxSession decoder =
            session(
                folder,
                options,
                "llama-decoder/v3;weights=" + policy,
                weights,
                w -> LlamaGraphs.decoder(config, w, options.weightPolicy(), linears));
        return new LlamaModel(config, rotary, embedding, decoder);
      }
    } catch (RuntimeException e) {
      if (embedding != null) {
        embedding.close();
      }
      throw e;
    }
  }

  /** Loads with {@link Options#inMemory()}. */
  public static LlamaModel load(Path folder) {
    return load(folder, Options.inMemory());
  }

  static void checkArchitecture(Path configFile, LlamaConfig config) {
    if (config.architectures() != null && !config.architectures().isEmpty()) {
      for (String a : config.architectures()) {
        if (!SUPPORTED_ARCHITECTURES.contains(a)) {
          throw new UnsupportedArchitectureException(configFile, a, SUPPORTED_ARCHITECTURES);
        }
      }
      return;
    }
    String type = config.raw() == null ? "" : config.raw().path("model_type").asText("");
    if (!SUPPORTED_MODEL_TYPES.contains(type)) {
      throw new UnsupportedArchitectureException(
          configFile, "model_type=" + type, SUPPORTED_MODEL_TYPES);
    }
  }

  private static OnnxSession session(
      Path folder,
      Options options,
      String graphOptions,
      TensorSource weights,
      Function<TensorSource, Graph> build) {
    if (options.cache() == null) {
      return OnnxSession.open(OnnxEmitter.toBytes(build.apply(weights)), options.runtime());
    }
    try {
      Path file =
          options
              .cache()
              .getOrBuild(
                  CheckpointFingerprint.of(folder),
                  graphOptions,
                  f -> OnnxEmitter.writeTo(build.apply(weights), f));
      return OnnxSession.open(file, options.runtime());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the compiled-model cache for " + folder, e);
    }
  }

  /** The model's config. */
  public LlamaConfig config() {
    return config;
  }

  /**
   * Positions the model supports ({@code max_position_embeddings}, times a RoPE scaling factor).
   */
  public int contextLength() {
    return rotary.contextLimit();
  }

  /** A cache with no positions for {@code batch} rows. */
  public KvCache emptyCache(long batch) {
    return KvCache.empty(
        config.numHiddenLayers(), batch, config.numKeyValueHeads(), config.effectiveHeadDim());
  }

  /**
   * Token embeddings {@code [B, S, hidden]} of {@code inputIds} {@code [B, S]}.
   *
   * @throws IllegalArgumentException naming the position of an id outside {@code [0, vocab_size)}
   */
  public INDArray embed(INDArray inputIds) {
    INDArray ids = inputIds.castTo(DataType.LONG);
    if (ids.rank() != 2) {
      throw new IllegalArgumentException(
          "input_ids must be [batch, sequence], got " + Arrays.toString(ids.shape()));
    }
    long[] flat = ids.dup('c').data().asLong();
    for (int i = 0; i < flat.length; i++) {
      if (flat[i] < 0 || flat[i] >= config.vocabSize()) {
        throw new IllegalArgumentException(
            "input_ids["
                + i / ids.size(1)
                + ", "
                + i % ids.size(1)
                + "] = "
                + flat[i]
                + " is outside the vocabulary [0, "
                + config.vocabSize()
                + ")");
      }
    }
    return embedding
        .run(Map.of(LlamaGraphs.INPUT_IDS, ids), Set.of(LlamaGraphs.INPUTS_EMBEDS))
        .get(LlamaGraphs.INPUTS_EMBEDS);
  }

  /**
   * Runs the decoder on new positions after {@code inputs.past()}.
   *
   * @param withHiddenStates also return {@code hidden_states.0..L}
   * @throws PromptTooLongException when past plus new positions exceed {@link #contextLength()}
   * @throws IllegalArgumentException when shapes disagree with the model
   */
  public LlamaOutputs forward(LlamaInputs inputs, boolean withHiddenStates) {
    int layers = config.numHiddenLayers();
    Set<String> wanted = new HashSet<>();
    wanted.add(LlamaGraphs.LOGITS);
    for (int i = 0; i < layers; i++) {
      wanted.add(LlamaGraphs.presentKey(i));
      wanted.add(LlamaGraphs.presentValue(i));
    }
    List<String> hidden = LlamaGraphs.hiddenStateNames(config);
    if (withHiddenStates) {
      wanted.addAll(hidden);
    }
    Map<String, INDArray> out = run(inputs, wanted);
    List<INDArray> keys = new ArrayList<>();
    List<INDArray> values = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      keys.add(out.get(LlamaGraphs.presentKey(i)));
      values.add(out.get(LlamaGraphs.presentValue(i)));
    }
    List<INDArray> states = withHiddenStates ? hidden.stream().map(out::get).toList() : List.of();
    return new LlamaOutputs(out.get(LlamaGraphs.LOGITS), states, new KvCache(keys, values));
  }

  /**
   * Runs the decoder and returns the named outputs ({@code logits}, {@code hidden_states.N}, {@code
   * layer_output.i}, {@code present.i.key/value}; see {@link LlamaGraphs}).
   *
   * @throws PromptTooLongException when past plus new positions exceed {@link #contextLength()}
   * @throws IllegalArgumentException when shapes disagree with the model
   * @throws ai.taskaware.core.runtime.OnnxSessionException naming an unknown output
   */
  public Map<String, INDArray> run(LlamaInputs inputs, Set<String> outputs) {
    long total = inputs.attentionMask().size(1);
    if (total > contextLength()) {
      throw new PromptTooLongException((int) total, contextLength(), "the sequence");
    }
    int layers = config.numHiddenLayers();
    if (inputs.past().keys().size() != layers) {
      throw new IllegalArgumentException(
          "past_key_values cover " + inputs.past().keys().size() + " layers, model has " + layers);
    }
    if (inputs.inputsEmbeds().size(2) != config.hiddenSize()) {
      throw new IllegalArgumentException(
          "inputs_embeds width "
              + inputs.inputsEmbeds().size(2)
              + " differs from hidden_size "
              + config.hiddenSize());
    }
    INDArray[] rope = rotary.tables(inputs.positionIds(), total);
    Map<String, INDArray> feeds = new HashMap<>();
    feeds.put(LlamaGraphs.INPUTS_EMBEDS, inputs.inputsEmbeds().castTo(DataType.FLOAT));
    feeds.put(LlamaGraphs.ATTENTION_MASK, inputs.attentionMask());
    feeds.put(LlamaGraphs.ROPE_COS, rope[0]);
    feeds.put(LlamaGraphs.ROPE_SIN, rope[1]);
    for (int i = 0; i < layers; i++) {
      feeds.put(LlamaGraphs.pastKey(i), inputs.past().keys().get(i));
      feeds.put(LlamaGraphs.pastValue(i), inputs.past().values().get(i));
    }
    return decoder.run(feeds, outputs);
  }

  @Override
  public void close() {
    try {
      embedding.close();
    } finally {
      decoder.close();
    }
  }
}
