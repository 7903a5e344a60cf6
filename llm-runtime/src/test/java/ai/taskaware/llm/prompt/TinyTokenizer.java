package ai.taskaware.llm.prompt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a small LLaMA-like {@code tokenizer.json} for tests: SentencePiece-style Metaspace ("▁")
 * pre-tokenization, a word-level vocabulary, {@code <unk>}/{@code <s>}/{@code </s>} at ids 0/1/2,
 * and a post-processor that prepends BOS, as LLaMA's fast tokenizer does.
 */
public final class TinyTokenizer {

  /** The vocabulary in id order. */
  public static final List<String> VOCAB = vocabulary();

  private TinyTokenizer() {}

  private static List<String> vocabulary() {
    List<String> v =
        new ArrayList<>(
            List.of(
                "<unk>",
                "<s>",
                "</s>",
                "▁",
                "▁A",
                "▁chat",
                "▁between",
                "▁a",
                "▁curious",
                "▁user",
                "▁and",
                "▁an",
                "▁artificial",
                "▁intelligence",
                "▁assistant.",
                "▁The",
                "▁assistant",
                "▁gives",
                "▁helpful,",
                "▁detailed,",
                "▁polite",
                "▁answers",
                "▁to",
                "▁the",
                "▁user's",
                "▁questions.",
                "▁USER:",
                "USER:",
                "▁ASSISTANT:",
                "▁\nWhat",
                "▁is",
                "▁shown?",
                "▁cat.",
                "▁What",
                "▁color",
                "▁it?",
                "▁black",
                "▁white",
                "▁yes",
                "▁no",
                "▁dog.",
                "▁red",
                "▁STOP",
                "▁Answer:",
                "▁Describe",
                "▁\nDescribe\n"));
    for (int i = 0; v.size() < 64; i++) {
      v.add("▁w" + i);
    }
    return List.copyOf(v);
  }

  /** Id of a vocabulary entry. */
  public static long id(String token) {
    int i = VOCAB.indexOf(token);
    if (i < 0) {
      throw new IllegalArgumentException("not in the test vocabulary: " + token);
    }
    return i;
  }

  /** Writes tokenizer.json into {@code folder} and returns its path. */
  public static Path write(Path folder) throws IOException {
    StringBuilder vocab = new StringBuilder();
    for (int i = 0; i < VOCAB.size(); i++) {
      if (i > 0) {
        vocab.append(", ");
      }
      vocab.append('"').append(VOCAB.get(i).replace("\n", "\\n")).append("\": ").append(i);
    }
    String json =
        """
        {"version": "1.0", "truncation": null, "padding": null,
         "added_tokens": [
          {"id": 0, "content": "<unk>", "single_word": false, "lstrip": false, "rstrip": false,
           "normalized": false, "special": true},
          {"id": 1, "content": "<s>", "single_word": false, "lstrip": false, "rstrip": false,
           "normalized": false, "special": true},
          {"id": 2, "content": "</s>", "single_word": false, "lstrip": false, "rstrip": false,
           "normalized": false, "special": true}],
         "normalizer": null,
         "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first",
                           "split": true},
         "post_processor": {"type": "TemplateProcessing",
           "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}},
                      {"Sequence": {"id": "A", "type_id": 0}}],
           "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}},
                    {"Sequence": {"id": "A", "type_id": 0}},
                    {"Sequence": {"id": "B", "type_id": 1}}],
           "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
         "decoder": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first",
                     "split": true},
         "model": {"type": "WordLevel", "unk_token": "<unk>", "vocab": {VOCAB}}}
        """
            .replace("{VOCAB}", "{" + vocab + "}");
    Path file = folder.resolve("tokenizer.json");
    Files.createDirectories(folder);
    Files.writeString(file, json);
    return file;
  }

  /** A config.json for a model of {@code vocabSize} ids (for tokenizer checks). */
  public static Path writeConfig(Path folder, int vocabSize) throws IOException {
    Files.createDirectories(folder);
    Path file = folder.resolve("config.json");
    Files.writeString(
        file,
        "{\"architectures\": [\"LlamaForCausalLM\"], \"vocab_size\": "
            + vocabSize
            + ", \"hidden_size\": 32, \"num_attention_heads\": 4, \"num_hidden_layers\": 2,"
            + " \"intermediate_size\": 48, \"bos_token_id\": 1, \"eos_token_id\": 2}");
    return file;
  }
}
