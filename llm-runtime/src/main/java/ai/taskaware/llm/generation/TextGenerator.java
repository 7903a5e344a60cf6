package ai.taskaware.llm.generation;

import ai.taskaware.core.model.GenerationSettings;
import ai.taskaware.llm.llama.KvCache;
import ai.taskaware.llm.llama.LlamaInputs;
import ai.taskaware.llm.llama.LlamaModel;
import ai.taskaware.llm.llama.LlamaOutputs;
import ai.taskaware.llm.llama.PromptTooLongException;
import ai.taskaware.llm.prompt.ImagePrompt;
import ai.taskaware.llm.prompt.LlamaTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Generates and scores text after a prompt given as embeddings ({@code [1, S, hidden]}, e.g. from
 * {@link ImagePrompt#embed}) or as text. One prefill fills the KV cache; every further token is one
 * cached decode step.
 *
 * <p>Thread-safe: calls share only the (thread-safe) model and tokenizer. Does not own them.
 */
public final class TextGenerator {
  private final LlamaModel model;
  private final LlamaTokenizer tokenizer;
  private final PromptOverflow overflow;

  /**
   * @param model the language model
   * @param tokenizer its tokenizer
   * @param overflow what to do with prompts longer than the context
   */
  public TextGenerator(LlamaModel model, LlamaTokenizer tokenizer, PromptOverflow overflow) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.overflow = overflow;
  }

  /** Embeddings {@code [1, S, hidden]} of a text prompt (with BOS). */
  public INDArray embedText(String prompt) {
    return ImagePrompt.embed(ImagePrompt.tokenize(tokenizer, prompt), List.of(), model::embed);
  }

  /**
   * Generates after a text prompt; see {@link #generate(INDArray, GenerationSettings,
   * TokenStreamListener)}.
   */
  public Generation generate(
      String prompt, GenerationSettings settings, TokenStreamListener listener) {
    return generate(embedText(prompt), settings, listener);
  }

  /**
   * Decodes up to {@code settings.maxNewTokens()} tokens after {@code promptEmbeds}.
   *
   * @param listener receives the text as it settles, may be null
   * @throws PromptTooLongException when the prompt leaves no room for a token and overflow is
   *     {@link PromptOverflow#FAIL}
   */
  public Generation generate(
      INDArray promptEmbeds, GenerationSettings settings, TokenStreamListener listener) {
    INDArray embeds = fit(promptEmbeds);
    long promptLength = embeds.size(1);
    TokenSampler sampler = new TokenSampler(settings);
    LlamaOutputs out = model.forward(LlamaInputs.prefill(embeds, model.emptyCache(1)), false);
    List<Long> ids = new ArrayList<>();
    String text = "";
    int streamed = 0;
    Generation.StopReason reason = Generation.StopReason.MAX_NEW_TOKENS;
    KvCache cache = out.present();
    float[] logits = lastRow(out.logits());
    while (true) {
      long token = sampler.next(logits);
      ids.add(token);
      if (tokenizer.isEos(token)) {
        reason = Generation.StopReason.EOS;
        break;
      }
      text = tokenizer.decode(ids.stream().mapToLong(Long::longValue).toArray());
      int stop = firstStop(text, settings.stopStrings());
      if (stop >= 0) {
        text = text.substring(0, stop);
        reason = Generation.StopReason.STOP_STRING;
        break;
      }
      streamed = stream(listener, text, streamed, heldBack(text, settings.stopStrings()));
      if (ids.size() >= settings.maxNewTokens()) {
        break;
      }
      long total = promptLength + ids.size();
      if (total >= model.contextLength()) {
        reason = Generation.StopReason.CONTEXT_FULL;
        break;
      }
      INDArray step = model.embed(Nd4j.createFromArray(new long[][] {{token}}));
      INDArray mask = Nd4j.ones(DataType.LONG, 1, total);
      INDArray position = Nd4j.createFromArray(new long[][] {{total - 1}});
      out = model.forward(new LlamaInputs(step, mask, position, cache), false);
      cache = out.present();
      logits = lastRow(out.logits());
    }
    stream(listener, text, streamed, 0);
    return new Generation(text, ids.stream().mapToLong(Long::longValue).toArray(), reason);
  }

  /**
   * The summed log-probability of each option's tokens as a continuation of the prompt: the option
   * is tokenized on its own (its BOS dropped), the prompt prefilled once, and each option run as
   * one cached step of all its tokens.
   *
   * @throws IllegalArgumentException when an option has no tokens
   */
  public double[] scoreOptions(INDArray promptEmbeds, List<String> options) {
    INDArray embeds = fit(promptEmbeds);
    long promptLength = embeds.size(1);
    LlamaOutputs prefill = model.forward(LlamaInputs.prefill(embeds, model.emptyCache(1)), false);
    double[] firstLogProbs = logSoftmax(lastRow(prefill.logits()));
    double[] scores = new double[options.size()];
    for (int o = 0; o < options.size(); o++) {
      long[] ids = continuationIds(options.get(o));
      long total = promptLength + ids.length;
      if (total > model.contextLength()) {
        throw new PromptTooLongException(
            (int) total, model.contextLength(), "prompt + option " + o);
      }
      double sum = firstLogProbs[(int) ids[0]];
      if (ids.length > 1) {
        INDArray optionEmbeds = model.embed(Nd4j.createFromArray(new long[][] {ids}));
        INDArray mask = Nd4j.ones(DataType.LONG, 1, total);
        INDArray positions = LlamaInputs.positionsFromMask(mask, ids.length);
        INDArray logits =
            model
                .forward(new LlamaInputs(optionEmbeds, mask, positions, prefill.present()), false)
                .logits();
        for (int i = 1; i < ids.length; i++) {
          float[] row =
              logits.get(NDArrayIndex.point(0), NDArrayIndex.point(i - 1)).toFloatVector();
          sum += logSoftmax(row)[(int) ids[i]];
        }
      }
      scores[o] = sum;
    }
    return scores;
  }

  /** Token ids of {@code option} as a continuation: its own tokenization minus a leading BOS. */
  public long[] continuationIds(String option) {
    long[] ids = tokenizer.encode(option);
    if (ids.length > 0 && ids[0] == tokenizer.bosId()) {
      ids = Arrays.copyOfRange(ids, 1, ids.length);
    }
    if (ids.length == 0) {
      throw new IllegalArgumentException("option '" + option + "' has no tokens to score");
    }
    return ids;
  }

  private INDArray fit(INDArray embeds) {
    long length = embeds.size(1);
    int limit = model.contextLength();
    if (length <= limit) {
      return embeds;
    }
    if (overflow == PromptOverflow.FAIL || limit < 2) {
      throw new PromptTooLongException((int) length, limit, "the prompt");
    }
    long keep = limit - 1;
    INDArray first =
        embeds.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1), NDArrayIndex.all());
    INDArray recent =
        embeds.get(
            NDArrayIndex.all(), NDArrayIndex.interval(length - keep, length), NDArrayIndex.all());
    return Nd4j.concat(1, first, recent);
  }

  private static float[] lastRow(INDArray logits) {
    return logits
        .get(NDArrayIndex.point(0), NDArrayIndex.point(logits.size(1) - 1))
        .toFloatVector();
  }

  static double[] logSoftmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    for (float l : logits) {
      sum += Math.exp(l - max);
    }
    double log = max + Math.log(sum);
    double[] out = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      out[i] = logits[i] - log;
    }
    return out;
  }

  private static int firstStop(String text, List<String> stops) {
    int first = -1;
    for (String s : stops) {
      int i = s.isEmpty() ? -1 : text.indexOf(s);
      if (i >= 0 && (first < 0 || i < first)) {
        first = i;
      }
    }
    return first;
  }

  /** Characters at the end that may still become a stop string or are an unfinished character. */
  private static int heldBack(String text, List<String> stops) {
    int hold = 0;
    for (String s : stops) {
      for (int k = Math.min(s.length() - 1, text.length()); k > hold; k--) {
        if (text.endsWith(s.substring(0, k))) {
          hold = k;
          break;
        }
      }
    }
    if (text.endsWith("\uFFFD")) {
      hold = Math.max(hold, 1);
    }
    return hold;
  }

  private static int stream(TokenStreamListener listener, String text, int streamed, int hold) {
    int upTo = Math.max(streamed, text.length() - hold);
    if (listener != null && upTo > streamed && upTo <= text.length()) {
      listener.onText(text.substring(streamed, upTo));
      return upTo;
    }
    return streamed;
  }
}
