package ai.taskaware.clip.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A small CLIP-style vocabulary written the way Hugging Face stores it: "!" is id 0 (as in CLIP,
 * where SD2 pads with it), single characters with and without the {@code </w>} end-of-word mark, a
 * few merges, and the two special tokens last.
 */
public final class TinyClipVocabulary {
  static final List<String> MERGES =
      List.of("h e", "l o</w>", "he l", "hel lo</w>", "c a", "ca t</w>", "d o", "do g</w>");

  static final Map<String, Integer> VOCAB = build();

  private TinyClipVocabulary() {}

  private static Map<String, Integer> build() {
    List<String> tokens = new ArrayList<>();
    String chars = "!,.'0123456789abcdefghijklmnopqrstuvwxyz";
    for (char c : chars.toCharArray()) {
      tokens.add(String.valueOf(c));
    }
    for (char c : chars.toCharArray()) {
      tokens.add(c + "</w>");
    }
    for (String merge : MERGES) {
      tokens.add(merge.replace(" ", ""));
    }
    tokens.add("<|startoftext|>");
    tokens.add("<|endoftext|>");
    Map<String, Integer> vocab = new LinkedHashMap<>();
    for (String t : tokens) {
      vocab.put(t, vocab.size());
    }
    return vocab;
  }

  static int id(String token) {
    Integer id = VOCAB.get(token);
    if (id == null) {
      throw new IllegalArgumentException(token);
    }
    return id;
  }

  static String vocabJson() {
    return VOCAB.entrySet().stream()
        .map(e -> "\"" + e.getKey().replace("\"", "\\\"") + "\": " + e.getValue())
        .collect(Collectors.joining(", ", "{", "}"));
  }

  /** vocab.json + merges.txt (+ special_tokens_map.json naming {@code pad}, when not null). */
  public static Path writeSlowFiles(Path folder, String pad) throws IOException {
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("vocab.json"), vocabJson());
    Files.writeString(
        folder.resolve("merges.txt"), "#version: 0.2\n" + String.join("\n", MERGES) + "\n");
    if (pad != null) {
      Files.writeString(
          folder.resolve("special_tokens_map.json"),
          "{\"bos_token\": {\"content\": \"<|startoftext|>\"}, \"eos_token\": \"<|endoftext|>\","
              + " \"pad_token\": \""
              + pad
              + "\", \"unk_token\": \"<|endoftext|>\"}");
    }
    return folder;
  }

  /** A tokenizer.json in the layout transformers saves for CLIPTokenizerFast. */
  static Path writeTokenizerJson(Path folder, String pad) throws IOException {
    Files.createDirectories(folder);
    int bos = id("<|startoftext|>");
    int eos = id("<|endoftext|>");
    String merges = MERGES.stream().map(m -> "\"" + m + "\"").collect(Collectors.joining(", "));
    String json =
        """
        {"version": "1.0", "truncation": null, "padding": null,
         "added_tokens": [
           {"id": %d, "content": "<|startoftext|>", "single_word": false, "lstrip": false,
            "rstrip": false, "normalized": true, "special": true},
           {"id": %d, "content": "<|endoftext|>", "single_word": false, "lstrip": false,
            "rstrip": false, "normalized": false, "special": true}],
         "normalizer": {"type": "Sequence", "normalizers": [
           {"type": "NFC"}, {"type": "Replace", "pattern": {"Regex": "\\\\s+"}, "content": " "},
           {"type": "Lowercase"}]},
         "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
           {"type": "Split", "pattern": {"Regex":
             "'s|'t|'re|'ve|'m|'ll|'d|[\\\\p{L}]+|[\\\\p{N}]|[^\\\\s\\\\p{L}\\\\p{N}]+"},
            "behavior": "Removed", "invert": true},
           {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false}]},
         "post_processor": {"type": "RobertaProcessing", "sep": ["<|endoftext|>", %d],
           "cls": ["<|startoftext|>", %d], "trim_offsets": false, "add_prefix_space": false},
         "decoder": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true,
           "use_regex": true},
         "model": {"type": "BPE", "dropout": null, "unk_token": "<|endoftext|>",
           "continuing_subword_prefix": "", "end_of_word_suffix": "</w>", "fuse_unk": false,
           "byte_fallback": false, "vocab": %s, "merges": [%s]}}
        """
            .formatted(bos, eos, eos, bos, vocabJson(), merges);
    Files.writeString(folder.resolve("tokenizer.json"), json);
    if (pad != null) {
      Files.writeString(
          folder.resolve("tokenizer_config.json"), "{\"pad_token\": \"" + pad + "\"}");
    }
    return folder;
  }
}
