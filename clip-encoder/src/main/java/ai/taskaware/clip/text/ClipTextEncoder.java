package ai.taskaware.clip.text;

import ai.taskaware.clip.ClipCheckpoint;
import ai.taskaware.clip.ClipException;
import ai.taskaware.clip.ClipRuntime;
import ai.taskaware.core.checkpoint.config.ClipTextConfig;
import ai.taskaware.core.model.TextEncoder;
import ai.taskaware.core.runtime.OnnxSession;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A CLIP text tower and its tokenizer on ONNX Runtime, computing a fixed set of {@link
 * ClipTextGraph} outputs. As a {@link TextEncoder} it returns {@value ClipTextGraph#PROMPT_EMBEDS}
 * for every position of the padded prompt, which for {@link #forStableDiffusion} is Stable
 * Diffusion 2.1's {@code encoder_hidden_states}.
 *
 * <p>Thread-safe; owns one ONNX Runtime session and one native tokenizer: close it.
 */
public final class ClipTextEncoder implements TextEncoder {

  private final OnnxSession session;
  private final ClipTokenizer tokenizer;
  private final ClipTextConfig config;
  private final Set<String> outputs;
  private final boolean attentionMask;

  private ClipTextEncoder(
      OnnxSession session,
      ClipTokenizer tokenizer,
      ClipTextConfig config,
      Set<String> outputs,
      boolean attentionMask) {
    this.session = session;
    this.tokenizer = tokenizer;
    this.config = config;
    this.outputs = outputs;
    this.attentionMask = attentionMask;
  }

  /**
   * Loads a text tower and a tokenizer.
   *
   * @param modelFolder a {@code CLIPTextModel} or {@code CLIPModel} folder (e.g. SD2.1's {@code
   *     text_encoder/})
   * @param tokenizerFolder the tokenizer's folder (e.g. SD2.1's {@code tokenizer/}, or the model
   *     folder for OpenAI CLIP)
   * @param outputs the {@link ClipTextGraph} outputs to compute
   * @param graphOptions clip skip and whether the padding mask is applied
   * @param tokenizerOptions context length and truncation policy
   * @param runtime where the graph runs
   * @throws ai.taskaware.core.checkpoint.CheckpointException when the model folder is not a CLIP
   *     checkpoint with a text tower
   * @throws ClipException when an output is unknown, the tokenizer is missing, or the tokenizer
   *     does not fit the tower (context longer than {@code max_position_embeddings}, special ids
   *     outside {@code vocab_size})
   */
  public static ClipTextEncoder open(
      Path modelFolder,
      Path tokenizerFolder,
      Set<String> outputs,
      ClipTextGraph.Options graphOptions,
      ClipTokenizer.Options tokenizerOptions,
      ClipRuntime runtime) {
    ClipTokenizer tokenizer = ClipTokenizer.open(tokenizerFolder, tokenizerOptions);
    try (ClipCheckpoint checkpoint = ClipCheckpoint.open(modelFolder)) {
      ClipTextConfig config = checkpoint.requireText();
      Path configFile = modelFolder.resolve("config.json");
      if (tokenizer.maxLength() > config.maxPositionEmbeddings()) {
        throw new ClipException(
            configFile + " max_position_embeddings",
            config.maxPositionEmbeddings()
                + " positions cannot hold the tokenizer's "
                + tokenizer.maxLength()
                + " ids");
      }
      for (long id : new long[] {tokenizer.bosId(), tokenizer.eosId(), tokenizer.padId()}) {
        if (id < 0 || id >= config.vocabSize()) {
          throw new ClipException(
              configFile + " vocab_size",
              "the tokenizer in "
                  + tokenizer.folder()
                  + " uses id "
                  + id
                  + ", outside the tower's "
                  + config.vocabSize()
                  + " token embeddings");
        }
      }
      Set<String> wanted = new TreeSet<>(outputs);
      OnnxSession session =
          runtime.open(
              ClipTextGraph.build(checkpoint, wanted, graphOptions),
              checkpoint,
              "clip_text outputs=" + wanted + " " + graphOptions);
      return new ClipTextEncoder(
          session, tokenizer, config, Set.copyOf(wanted), graphOptions.attentionMask());
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  /**
   * Stable Diffusion 2.1's conditioning: {@value ClipTextGraph#PROMPT_EMBEDS} without clip skip or
   * padding mask, 77 ids, long prompts truncated with a warning.
   */
  public static ClipTextEncoder forStableDiffusion(
      Path textEncoderFolder, Path tokenizerFolder, ClipRuntime runtime) {
    return open(
        textEncoderFolder,
        tokenizerFolder,
        Set.of(ClipTextGraph.PROMPT_EMBEDS),
        ClipTextGraph.Options.STABLE_DIFFUSION,
        ClipTokenizer.Options.DEFAULT,
        runtime);
  }

  /** The tower's config. */
  public ClipTextConfig config() {
    return config;
  }

  /** The tokenizer prompts go through. */
  public ClipTokenizer tokenizer() {
    return tokenizer;
  }

  /** The outputs each run computes. */
  public Set<String> outputs() {
    return outputs;
  }

  /**
   * Runs the tower on token ids.
   *
   * @param inputIds int64 (batch, sequence)
   * @param mask int64 (batch, sequence), used only when the encoder applies the padding mask
   * @return every output of {@link #outputs()}, by name
   */
  public Map<String, INDArray> run(INDArray inputIds, INDArray mask) {
    Map<String, INDArray> feeds = new HashMap<>();
    feeds.put(ClipTextGraph.INPUT_IDS, inputIds);
    if (attentionMask) {
      if (mask == null) {
        throw new ClipException(
            ClipTextGraph.ATTENTION_MASK, "this encoder applies the padding mask: pass one");
      }
      feeds.put(ClipTextGraph.ATTENTION_MASK, mask);
    }
    return session.run(feeds, outputs);
  }

  /** Tokenizes the texts and runs the tower. */
  public Map<String, INDArray> run(List<String> texts) {
    ClipTokenizer.Batch batch = tokenizer.tokenize(texts);
    return run(batch.inputIds(), batch.attentionMask());
  }

  /**
   * {@value ClipTextGraph#PROMPT_EMBEDS} of the prompts, (prompts, 77, hidden).
   *
   * @throws ClipException when the encoder was opened without that output
   */
  @Override
  public INDArray encode(List<String> prompts) {
    if (!outputs.contains(ClipTextGraph.PROMPT_EMBEDS)) {
      throw new ClipException(
          ClipTextGraph.PROMPT_EMBEDS,
          "this encoder computes only " + outputs + "; open it with prompt_embeds as output");
    }
    return run(prompts).get(ClipTextGraph.PROMPT_EMBEDS);
  }

  @Override
  public int maxTokens() {
    return tokenizer.maxLength();
  }

  @Override
  public int hiddenSize() {
    return config.hiddenSize();
  }

  @Override
  public void close() {
    try {
      session.close();
    } finally {
      tokenizer.close();
    }
  }
}
