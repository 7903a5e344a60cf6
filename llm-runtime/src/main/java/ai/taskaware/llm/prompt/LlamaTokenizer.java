package ai.taskaware.llm.prompt;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.taskaware.core.checkpoint.config.LlamaConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} (LLaMA's SentencePiece-BPE, or any other) loaded offline
 * through DJL, checked against the model's vocabulary, with the model's BOS/EOS ids.
 *
 * <p>Thread-safe for encoding and decoding; owns a native tokenizer: close it.
 */
public final class LlamaTokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final long bosId;
  private final List<Long> eosIds;
  private final int vocabularySize;

  private LlamaTokenizer(
      HuggingFaceTokenizer tokenizer, long bosId, List<Long> eosIds, int vocabularySize) {
    this.tokenizer = tokenizer;
    this.bosId = bosId;
    this.eosIds = eosIds;
    this.vocabularySize = vocabularySize;
  }

  /**
   * Loads {@code tokenizerJson} for a model with {@code config}.
   *
   * @throws TokenizerMismatchException when the tokenizer has ids at or above the model's {@code
   *     vocab_size}, or the config lacks BOS/EOS ids
   * @throws UncheckedIOException when the file cannot be read or parsed
   */
  public static LlamaTokenizer load(Path tokenizerJson, LlamaConfig config) {
    int size = tokenizerSize(tokenizerJson);
    if (size > config.vocabSize()) {
      throw new TokenizerMismatchException(
          tokenizerJson,
          "the tokenizer has "
              + size
              + " ids but the model's vocab_size is "
              + config.vocabSize()
              + "; tokenizer and checkpoint do not belong together");
    }
    if (config.bosTokenId() == null || config.eosTokenId() == null) {
      throw new TokenizerMismatchException(
          tokenizerJson, "config.json must give bos_token_id and eos_token_id");
    }
    System.setProperty("DJL_OFFLINE", "true");
    System.setProperty("OPT_OUT_TRACKING", "true");
    try {
      HuggingFaceTokenizer t =
          HuggingFaceTokenizer.newInstance(
              tokenizerJson, Map.of("addSpecialTokens", "true", "truncation", "false"));
      return new LlamaTokenizer(
          t,
          config.bosTokenId(),
          config.eosTokenId().stream().map(Integer::longValue).toList(),
          size);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load tokenizer " + tokenizerJson, e);
    }
  }

  /** Ids the tokenizer can produce: one past the largest id of its vocabulary and added tokens. */
  private static int tokenizerSize(Path tokenizerJson) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(tokenizerJson));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer " + tokenizerJson, e);
    }
    long max = -1;
    JsonNode vocab = root.path("model").path("vocab");
    if (vocab.isObject()) {
      for (Iterator<JsonNode> it = vocab.elements(); it.hasNext(); ) {
        max = Math.max(max, it.next().asLong());
      }
    } else if (vocab.isArray()) {
      max = vocab.size() - 1L;
    }
    for (JsonNode added : root.path("added_tokens")) {
      max = Math.max(max, added.path("id").asLong());
    }
    if (max < 0) {
      throw new TokenizerMismatchException(tokenizerJson, "no vocabulary found under model.vocab");
    }
    return (int) (max + 1);
  }

  /** Token ids of {@code text}, with the special tokens the tokenizer adds (LLaMA: BOS). */
  public long[] encode(String text) {
    return tokenizer.encode(text).getIds();
  }

  /** Text of {@code ids}, special tokens dropped. */
  public String decode(long[] ids) {
    return tokenizer.decode(ids, true);
  }

  /** The begin-of-sequence id. */
  public long bosId() {
    return bosId;
  }

  /** Whether {@code id} ends a sequence. */
  public boolean isEos(long id) {
    return eosIds.contains(id);
  }

  /** Ids the tokenizer can produce. */
  public int vocabularySize() {
    return vocabularySize;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
