package ai.taskaware.clip.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.taskaware.clip.ClipException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CLIP's tokenizer, run by DJL's Hugging Face tokenizers from a local folder (never the hub). The
 * folder holds a {@code tokenizer.json}, or only {@code vocab.json} + {@code merges.txt} (Stable
 * Diffusion 2.1's {@code tokenizer/}), from which the same fast tokenizer transformers' {@code
 * CLIPTokenizerFast} converts to is built: NFC, runs of whitespace to one space, lower-casing,
 * CLIP's word split, byte-level BPE with {@code </w>} marking word ends.
 *
 * <p>Every text becomes {@code [bos, tokens…, eos, pad…]} of {@link #maxLength()} ids. The pad
 * token is the folder's {@code pad_token} ({@code special_tokens_map.json}, else {@code
 * tokenizer_config.json}): {@code "!"} (id 0) for SD2, {@code <|endoftext|>} for OpenAI CLIP; the
 * EOS when neither file names one. Longer texts are cut to {@code maxLength − 2} tokens and keep
 * their EOS, with a warning, or are refused in {@link Truncation#STRICT strict} mode.
 *
 * <p>Thread-safe; owns a native tokenizer: close it.
 */
public final class ClipTokenizer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClipTokenizer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** CLIP's context length. */
  public static final int CONTEXT_LENGTH = 77;

  /** CLIP's start-of-text token. */
  public static final String DEFAULT_BOS = "<|startoftext|>";

  /** CLIP's end-of-text token (also its unknown token). */
  public static final String DEFAULT_EOS = "<|endoftext|>";

  /** The merges CLIP's BPE uses: {@code 49152 − 256 − 2}, as in the original and transformers. */
  static final int MAX_MERGES = 49152 - 256 - 2;

  /** CLIP's word split (transformers' {@code CLIPConverter}). */
  static final String WORD_PATTERN =
      "'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+";

  /** What happens to texts longer than the context. */
  public enum Truncation {
    /** Cut to the context, keeping the EOS, and log a warning. */
    WARN,
    /** Refuse with a {@link ClipException}. */
    STRICT
  }

  /**
   * Tokenizer settings.
   *
   * @param maxLength ids per text including BOS and EOS (77 for CLIP)
   * @param truncation what to do with longer texts
   */
  public record Options(int maxLength, Truncation truncation) {

    /** 77 ids, truncate with a warning. */
    public static final Options DEFAULT = new Options(CONTEXT_LENGTH, Truncation.WARN);

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException when {@code maxLength < 2} or {@code truncation} is null
     */
    public Options {
      if (maxLength < 2 || truncation == null) {
        throw new IllegalArgumentException(
            "maxLength must be >= 2 and truncation set, got " + maxLength + ", " + truncation);
      }
    }
  }

  /**
   * A tokenized batch.
   *
   * @param inputIds int64 (texts, maxLength)
   * @param attentionMask int64 (texts, maxLength): 1 from BOS to EOS, 0 on padding
   * @param tokenCounts per text, the ids it needed before truncation (BOS and EOS included)
   */
  public record Batch(INDArray inputIds, INDArray attentionMask, List<Integer> tokenCounts) {}

  private final HuggingFaceTokenizer tokenizer;
  private final Path folder;
  private final Options options;
  private final long bosId;
  private final long eosId;
  private final long padId;

  private ClipTokenizer(
      HuggingFaceTokenizer tokenizer, Path folder, Options options, long bos, long eos, long pad) {
    this.tokenizer = tokenizer;
    this.folder = folder;
    this.options = options;
    this.bosId = bos;
    this.eosId = eos;
    this.padId = pad;
  }

  /** {@link #open(Path, Options)} with {@link Options#DEFAULT}. */
  public static ClipTokenizer open(Path folder) {
    return open(folder, Options.DEFAULT);
  }

  /**
   * Loads the tokenizer in {@code folder} (or in its {@code tokenizer/} subfolder, the diffusers
   * pipeline layout).
   *
   * @throws ClipException naming the folder and the files looked for when there is no tokenizer, or
   *     naming the file when one cannot be read or lacks a special token
   */
  public static ClipTokenizer open(Path folder, Options options) {
    Path dir = folder;
    if (!hasTokenizerFiles(dir) && hasTokenizerFiles(folder.resolve("tokenizer"))) {
      dir = folder.resolve("tokenizer");
    }
    Path tokenizerJson = dir.resolve("tokenizer.json");
    Path vocabJson = dir.resolve("vocab.json");
    Path mergesTxt = dir.resolve("merges.txt");
    String bos = specialToken(dir, "bos_token", DEFAULT_BOS);
    String eos = specialToken(dir, "eos_token", DEFAULT_EOS);
    String pad = specialToken(dir, "pad_token", eos);
    Map<String, Long> vocab;
    HuggingFaceTokenizer tokenizer;
    DjlOffline.ensure();
    Map<String, String> djlOptions =
        Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");
    if (Files.isRegularFile(tokenizerJson)) {
      vocab = vocabOfTokenizerJson(tokenizerJson);
      tokenizer = load(tokenizerJson, tokenizerJson, djlOptions);
    } else if (Files.isRegularFile(vocabJson) && Files.isRegularFile(mergesTxt)) {
      vocab = readVocab(vocabJson);
      String json = fastTokenizerJson(vocabJson, mergesTxt, vocab, bos, eos);
      Path temp = null;
      try {
        temp = Files.createTempFile("clip-tokenizer", ".json");
        Files.writeString(temp, json, StandardCharsets.UTF_8);
        tokenizer = load(temp, vocabJson, djlOptions);
      } catch (IOException e) {
        throw new ClipException(dir.toString(), "cannot write the converted tokenizer: " + e, e);
      } finally {
        deleteQuietly(temp);
      }
    } else {
      throw new ClipException(
          dir.toString(),
          "no CLIP tokenizer: expected tokenizer.json, or vocab.json and merges.txt"
              + (dir.equals(folder) ? "" : " (also looked in " + folder + ")"));
    }
    try {
      Path vocabFile = Files.isRegularFile(tokenizerJson) ? tokenizerJson : vocabJson;
      return new ClipTokenizer(
          tokenizer,
          dir,
          options,
          idOf(vocab, bos, vocabFile, "bos_token"),
          idOf(vocab, eos, vocabFile, "eos_token"),
          idOf(vocab, pad, vocabFile, "pad_token"));
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  private static boolean hasTokenizerFiles(Path dir) {
    return Files.isRegularFile(dir.resolve("tokenizer.json"))
        || (Files.isRegularFile(dir.resolve("vocab.json"))
            && Files.isRegularFile(dir.resolve("merges.txt")));
  }

  private static HuggingFaceTokenizer load(Path file, Path source, Map<String, String> options) {
    try {
      return HuggingFaceTokenizer.newInstance(file, options);
    } catch (IOException | RuntimeException e) {
      throw new ClipException(source.toString(), "DJL cannot load the tokenizer: " + e, e);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("could not delete temporary tokenizer file {}", file, e);
    }
  }

  private static long idOf(Map<String, Long> vocab, String token, Path file, String role) {
    Long id = vocab.get(token);
    if (id == null) {
      throw new ClipException(
          file.toString(), role + " \"" + token + "\" is not in the vocabulary");
    }
    return id;
  }

  /** A special token from special_tokens_map.json, else tokenizer_config.json, else the default. */
  private static String specialToken(Path dir, String key, String fallback) {
    for (String name : List.of("special_tokens_map.json", "tokenizer_config.json")) {
      Path file = dir.resolve(name);
      if (!Files.isRegularFile(file)) {
        continue;
      }
      JsonNode node = readJson(file).get(key);
      if (node == null || node.isNull()) {
        continue;
      }
      if (node.isTextual()) {
        return node.asText();
      }
      if (node.isObject() && node.path("content").isTextual()) {
        return node.get("content").asText();
      }
      throw new ClipException(
          file.toString(), key + " must be a string or an object with \"content\", got " + node);
    }
    return fallback;
  }

  private static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new ClipException(file.toString(), "not valid JSON: " + e.getMessage(), e);
    }
  }

  private static Map<String, Long> readVocab(Path vocabJson) {
    JsonNode node = readJson(vocabJson);
    if (!node.isObject()) {
      throw new ClipException(vocabJson.toString(), "expected an object of token → id");
    }
    return vocabOf(node, vocabJson);
  }

  private static Map<String, Long> vocabOf(JsonNode node, Path file) {
    Map<String, Long> vocab = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().canConvertToLong()) {
        throw new ClipException(
            file.toString(), "token \"" + e.getKey() + "\" has a non-integer id " + e.getValue());
      }
      vocab.put(e.getKey(), e.getValue().asLong());
    }
    return vocab;
  }

  private static Map<String, Long> vocabOfTokenizerJson(Path tokenizerJson) {
    JsonNode root = readJson(tokenizerJson);
    JsonNode model = root.path("model");
    if (!"BPE".equals(model.path("type").asText("BPE")) || !model.path("vocab").isObject()) {
      throw new ClipException(
          tokenizerJson.toString(), "model must be a BPE model with a vocab object");
    }
    Map<String, Long> vocab = vocabOf(model.get("vocab"), tokenizerJson);
    for (JsonNode added : root.path("added_tokens")) {
      vocab.put(added.path("content").asText(), added.path("id").asLong());
    }
    return vocab;
  }

  /**
   * The {@code tokenizer.json} transformers' {@code CLIPConverter} produces from a slow CLIP
   * tokenizer's files.
   */
  static String fastTokenizerJson(
      Path vocabJson, Path mergesTxt, Map<String, Long> vocab, String bos, String eos) {
    List<String> merges;
    try {
      merges = Files.readAllLines(mergesTxt, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ClipException(mergesTxt.toString(), "cannot read: " + e.getMessage(), e);
    }
    ArrayNode mergeList = JSON.createArrayNode();
    for (int i = 0; i < merges.size() && mergeList.size() < MAX_MERGES; i++) {
      String line = merges.get(i).trim();
      if (line.startsWith("#version") || line.isEmpty()) {
        continue;
      }
      if (line.split(" ").length != 2) {
        throw new ClipException(
            mergesTxt.toString(),
            "line " + (i + 1) + " is not a pair of symbols: \"" + line + "\"");
      }
      mergeList.add(line);
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (String special : List.of(bos, eos)) {
      Long id = vocab.get(special);
      if (id == null) {
        throw new ClipException(
            vocabJson.toString(), "special token \"" + special + "\" is not in the vocabulary");
      }
      ObjectNode t = added.addObject();
      t.put("id", id);
      t.put("content", special);
      t.put("single_word", false);
      t.put("lstrip", false);
      t.put("rstrip", false);
      t.put("normalized", true);
      t.put("special", true);
    }
    ObjectNode normalizer = root.putObject("normalizer");
    normalizer.put("type", "Sequence");
    ArrayNode norms = normalizer.putArray("normalizers");
    norms.addObject().put("type", "NFC");
    ObjectNode replace = norms.addObject();
    replace.put("type", "Replace");
    replace.putObject("pattern").put("Regex", "\\s+");
    replace.put("content", " ");
    norms.addObject().put("type", "Lowercase");
    ObjectNode pre = root.putObject("pre_tokenizer");
    pre.put("type", "Sequence");
    ArrayNode pres = pre.putArray("pretokenizers");
    ObjectNode split = pres.addObject();
    split.put("type", "Split");
    split.putObject("pattern").put("Regex", WORD_PATTERN);
    split.put("behavior", "Removed");
    split.put("invert", true);
    ObjectNode byteLevel = pres.addObject();
    byteLevel.put("type", "ByteLevel");
    byteLevel.put("add_prefix_space", false);
    byteLevel.put("trim_offsets", true);
    byteLevel.put("use_regex", true);
    root.putNull("post_processor");
    ObjectNode decoder = root.putObject("decoder");
    decoder.put("type", "ByteLevel");
    decoder.put("add_prefix_space", true);
    decoder.put("trim_offsets", true);
    decoder.put("use_regex", true);
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.put("unk_token", eos);
    model.put("continuing_subword_prefix", "");
    model.put("end_of_word_suffix", "</w>");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    ObjectNode vocabNode = model.putObject("vocab");
    vocab.entrySet().stream()
        .sorted(Map.Entry.comparingByValue())
        .forEach(e -> vocabNode.put(e.getKey(), e.getValue()));
    model.set("merges", mergeList);
    return root.toString();
  }

  /** The folder the tokenizer was read from. */
  public Path folder() {
    return folder;
  }

  /** Ids per text. */
  public int maxLength() {
    return options.maxLength();
  }

  /** The start-of-text id (49406 in CLIP's vocabulary). */
  public long bosId() {
    return bosId;
  }

  /** The end-of-text id (49407 in CLIP's vocabulary). */
  public long eosId() {
    return eosId;
  }

  /** The padding id (0 = "!" for SD2, the EOS for OpenAI CLIP). */
  public long padId() {
    return padId;
  }

  /** The BPE ids of {@code text}, without BOS, EOS, truncation or padding. */
  public long[] contentIds(String text) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    return tokenizer.encode(text, false, false).getIds();
  }

  /**
   * Tokenizes, truncates and pads a batch.
   *
   * @throws ClipException in strict mode, naming the text that is too long and its token count
   * @throws IllegalArgumentException when the list is empty or holds null
   */
  public Batch tokenize(List<String> texts) {
    if (texts == null || texts.isEmpty()) {
      throw new IllegalArgumentException("need at least one text");
    }
    int length = options.maxLength();
    long[][] ids = new long[texts.size()][length];
    long[][] mask = new long[texts.size()][length];
    List<Integer> counts = new ArrayList<>(texts.size());
    for (int b = 0; b < texts.size(); b++) {
      long[] content = contentIds(texts.get(b));
      int needed = content.length + 2;
      counts.add(needed);
      int kept = Math.min(content.length, length - 2);
      if (kept < content.length) {
        String preview =
            texts.get(b).length() > 60 ? texts.get(b).substring(0, 60) + "…" : texts.get(b);
        if (options.truncation() == Truncation.STRICT) {
          throw new ClipException(
              "text " + b,
              "\""
                  + preview
                  + "\" needs "
                  + needed
                  + " tokens, more than the context of "
                  + length
                  + " (strict mode)");
        }
        LOG.warn(
            "text {} (\"{}\") needs {} tokens; truncated to {} keeping the end-of-text token",
            b,
            preview,
            needed,
            length);
      }
      ids[b][0] = bosId;
      System.arraycopy(content, 0, ids[b], 1, kept);
      ids[b][kept + 1] = eosId;
      for (int i = kept + 2; i < length; i++) {
        ids[b][i] = padId;
      }
      for (int i = 0; i < kept + 2; i++) {
        mask[b][i] = 1;
      }
    }
    return new Batch(Nd4j.createFromArray(ids), Nd4j.createFromArray(mask), List.copyOf(counts));
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
