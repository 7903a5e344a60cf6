package ai.taskaware.diffusion.generate;

import ai.taskaware.core.checkpoint.config.AutoencoderKLConfig;
import ai.taskaware.core.checkpoint.config.ClipTextConfig;
import ai.taskaware.core.checkpoint.config.UNet2DConditionConfig;
import ai.taskaware.core.model.ProgressListener;
import ai.taskaware.diffusion.unet.UNetLayout;
import ai.taskaware.diffusion.vae.AttentionKeys;
import ai.taskaware.diffusion.vae.VaeEncoderCheckpoint;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a Stable Diffusion 2.x checkpoint folder in the diffusers layout with seeded random
 * weights ({@link SeededWeights}): {@code model_index.json}; {@code unet/} ({@code
 * UNet2DConditionModel}); {@code vae/} ({@code AutoencoderKL}, encoder and decoder); {@code
 * scheduler/} (SD2.1-base's {@code PNDMScheduler} config); {@code text_encoder/} (transformers
 * {@code CLIPTextModel}: {@code text_model.embeddings…}, {@code text_model.encoder.layers.N…},
 * {@code text_model.final_layer_norm}); {@code tokenizer/} ({@code tokenizer.json}, {@code
 * vocab.json}, {@code merges.txt} and configs of a tiny CLIP BPE, {@link ClipBpeVocabulary}). All
 * weights are float32 in one {@code .safetensors} file per component.
 *
 * <p>Configs and weights are written in two steps so a caller can inspect the configs (and their
 * {@linkplain #parameterCounts parameter counts}) of a large preset without writing gigabytes.
 */
public final class SyntheticStableDiffusion {

  /** Merges of the generated tokenizer. */
  static final int BPE_MERGES = 64;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SyntheticStableDiffusion() {}

  /** Writes configs, tokenizer and weights; returns {@code folder}. */
  public static Path write(
      Path folder, StableDiffusionShapes shapes, long seed, ProgressListener progress) {
    writeConfigs(folder, shapes);
    writeWeights(folder, seed, progress);
    return folder;
  }

  /**
   * Writes {@code model_index.json}, every component's config and the tokenizer files (no weights).
   *
   * @throws UncheckedIOException when a file cannot be written
   */
  public static void writeConfigs(Path folder, StableDiffusionShapes s) {
    ClipBpeVocabulary bpe = new ClipBpeVocabulary(BPE_MERGES);
    int vocab = s.textVocab() == 0 ? bpe.size() + 2 : s.textVocab();
    if (vocab < bpe.size() + 2) {
      throw new IllegalArgumentException(
          "text vocab " + vocab + " is smaller than the tokenizer's " + (bpe.size() + 2));
    }
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("_class_name", "StableDiffusionPipeline");
    index.put("_diffusers_version", "0.27.2");
    index.put("feature_extractor", nulls());
    index.put("requires_safety_checker", false);
    index.put("safety_checker", nulls());
    index.put("scheduler", List.of("diffusers", "PNDMScheduler"));
    index.put("text_encoder", List.of("transformers", "CLIPTextModel"));
    index.put("tokenizer", List.of("transformers", "CLIPTokenizer"));
    index.put("unet", List.of("diffusers", "UNet2DConditionModel"));
    index.put("vae", List.of("diffusers", "AutoencoderKL"));
    json(folder.resolve("model_index.json"), index);
    json(folder.resolve("unet/config.json"), unetConfig(s));
    json(folder.resolve("vae/config.json"), vaeConfig(s));
    json(folder.resolve("scheduler/scheduler_config.json"), schedulerConfig());
    json(folder.resolve("text_encoder/config.json"), textConfig(s, vocab));
    writeTokenizer(folder.resolve("tokenizer"), bpe, vocab, s.maxTokens());
  }

  /**
   * Writes the weights of every component whose config {@link #writeConfigs} wrote into {@code
   * folder}, reporting one unit per component.
   *
   * @throws ai.taskaware.core.checkpoint.CheckpointException when a config cannot be read
   */
  public static void writeWeights(Path folder, long seed, ProgressListener progress) {
    Map<String, Map<String, long[]>> all = weightShapes(folder);
    String[] files = {
      "unet/diffusion_pytorch_model.safetensors",
      "vae/diffusion_pytorch_model.safetensors",
      "text_encoder/model.safetensors"
    };
    int i = 0;
    for (Map.Entry<String, Map<String, long[]>> e : all.entrySet()) {
      SeededWeights.write(e.getValue(), seed, name -> name, folder.resolve(files[i]));
      i++;
      progress.progress("write " + e.getKey() + " weights", i, all.size());
    }
  }

  /**
   * Parameters per component ({@code unet}, {@code vae}, {@code text_encoder}) from the configs.
   */
  public static Map<String, Long> parameterCounts(Path folder) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, long[]>> e : weightShapes(folder).entrySet()) {
      long n = 0;
      for (long[] shape : e.getValue().values()) {
        long p = 1;
        for (long d : shape) {
          p *= d;
        }
        n += p;
      }
      out.put(e.getKey(), n);
    }
    return out;
  }

  private static Map<String, Map<String, long[]>> weightShapes(Path folder) {
    Map<String, Map<String, long[]>> out = new LinkedHashMap<>();
    Path unet = folder.resolve("unet/config.json");
    out.put("unet", UNetLayout.of(UNet2DConditionConfig.read(unet), unet).expectedWeights());
    out.put("vae", vaeWeights(AutoencoderKLConfig.read(folder.resolve("vae/config.json"))));
    out.put(
        "text_encoder",
        textWeights(ClipTextConfig.read(folder.resolve("text_encoder/config.json"))));
    return out;
  }

  // ---------------------------------------------------------------- configs

  private static List<Object> nulls() {
    return Collections.nCopies(2, null);
  }

  private static Map<String, Object> unetConfig(StableDiffusionShapes s) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("_class_name", "UNet2DConditionModel");
    c.put("_diffusers_version", "0.27.2");
    c.put("act_fn", "silu");
    c.put("attention_head_dim", s.unetHeads());
    c.put("block_out_channels", s.unetBlockOutChannels());
    c.put("center_input_sample", false);
    c.put("cross_attention_dim", s.textWidth());
    c.put(
        "down_block_types",
        List.of(
            "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"));
    c.put("downsample_padding", 1);
    c.put("dual_cross_attention", false);
    c.put("flip_sin_to_cos", true);
    c.put("freq_shift", 0);
    c.put("in_channels", 4);
    c.put("layers_per_block", s.unetLayersPerBlock());
    c.put("mid_block_scale_factor", 1);
    c.put("norm_eps", 1e-5);
    c.put("norm_num_groups", s.unetNormGroups());
    c.put("num_class_embeds", null);
    c.put("only_cross_attention", false);
    c.put("out_channels", 4);
    c.put("sample_size", s.latentSize());
    c.put(
        "up_block_types",
        List.of("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"));
    c.put("upcast_attention", false);
    c.put("use_linear_projection", true);
    return c;
  }

  private static Map<String, Object> vaeConfig(StableDiffusionShapes s) {
    int n = s.vaeBlockOutChannels().size();
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("_class_name", "AutoencoderKL");
    c.put("_diffusers_version", "0.27.2");
    c.put("act_fn", "silu");
    c.put("block_out_channels", s.vaeBlockOutChannels());
    c.put("down_block_types", Collections.nCopies(n, "DownEncoderBlock2D"));
    c.put("in_channels", 3);
    c.put("latent_channels", 4);
    c.put("layers_per_block", s.vaeLayersPerBlock());
    c.put("norm_num_groups", s.vaeNormGroups());
    c.put("out_channels", 3);
    c.put("sample_size", s.vaeSampleSize());
    c.put("scaling_factor", 0.18215);
    c.put("up_block_types", Collections.nCopies(n, "UpDecoderBlock2D"));
    return c;
  }

  /** SD2.1-base's published {@code scheduler_config.json}. */
  private static Map<String, Object> schedulerConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("_class_name", "PNDMScheduler");
    c.put("_diffusers_version", "0.27.2");
    c.put("beta_end", 0.012);
    c.put("beta_schedule", "scaled_linear");
    c.put("beta_start", 0.00085);
    c.put("clip_sample", false);
    c.put("num_train_timesteps", 1000);
    c.put("prediction_type", "epsilon");
    c.put("set_alpha_to_one", false);
    c.put("skip_prk_steps", true);
    c.put("steps_offset", 1);
    c.put("trained_betas", null);
    return c;
  }

  private static Map<String, Object> textConfig(StableDiffusionShapes s, int vocab) {
    boolean published = s.textVocab() == 49408;
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("architectures", List.of("CLIPTextModel"));
    c.put("attention_dropout", 0.0);
    // SD2.1's file says bos 0 / eos 2 (the tokenizer uses 49406 / 49407); kept as published.
    c.put("bos_token_id", published ? 0 : vocab - 2);
    c.put("dropout", 0.0);
    c.put("eos_token_id", published ? 2 : vocab - 1);
    c.put("hidden_act", "gelu");
    c.put("hidden_size", s.textWidth());
    c.put("initializer_factor", 1.0);
    c.put("initializer_range", 0.02);
    c.put("intermediate_size", s.textIntermediate());
    c.put("layer_norm_eps", 1e-5);
    c.put("max_position_embeddings", s.maxTokens());
    c.put("model_type", "clip_text_model");
    c.put("num_attention_heads", s.textHeads());
    c.put("num_hidden_layers", s.textLayers());
    c.put("pad_token_id", 1);
    c.put("projection_dim", 512);
    c.put("torch_dtype", "float32");
    c.put("transformers_version", "4.31.0");
    c.put("vocab_size", vocab);
    return c;
  }

  // ---------------------------------------------------------------- tokenizer

  private static void writeTokenizer(Path dir, ClipBpeVocabulary bpe, int vocab, int maxTokens) {
    int start = vocab - 2;
    int end = vocab - 1;
    Map<String, Object> vocabJson = new LinkedHashMap<>(bpe.ids());
    vocabJson.put(ClipBpeVocabulary.START, start);
    vocabJson.put(ClipBpeVocabulary.END, end);
    json(dir.resolve("vocab.json"), vocabJson);
    List<String> mergeLines = new ArrayList<>();
    mergeLines.add("#version: 0.2");
    mergeLines.addAll(bpe.merges());
    text(dir.resolve("merges.txt"), String.join("\n", mergeLines) + "\n");

    Map<String, Object> t = new LinkedHashMap<>();
    t.put("version", "1.0");
    t.put("truncation", null);
    t.put("padding", null);
    t.put(
        "added_tokens",
        List.of(
            addedToken(start, ClipBpeVocabulary.START), addedToken(end, ClipBpeVocabulary.END)));
    t.put(
        "normalizer",
        Map.of(
            "type",
            "Sequence",
            "normalizers",
            List.of(
                Map.of("type", "NFC"),
                Map.of("type", "Replace", "pattern", Map.of("Regex", "\\s+"), "content", " "),
                Map.of("type", "Lowercase"))));
    Map<String, Object> split = new LinkedHashMap<>();
    split.put("type", "Split");
    split.put(
        "pattern",
        Map.of(
            "Regex",
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+"));
    split.put("behavior", "Removed");
    split.put("invert", true);
    Map<String, Object> byteLevel = new LinkedHashMap<>();
    byteLevel.put("type", "ByteLevel");
    byteLevel.put("add_prefix_space", false);
    byteLevel.put("trim_offsets", true);
    byteLevel.put("use_regex", false);
    t.put("pre_tokenizer", Map.of("type", "Sequence", "pretokenizers", List.of(split, byteLevel)));
    Map<String, Object> post = new LinkedHashMap<>();
    post.put("type", "RobertaProcessing");
    post.put("sep", List.of(ClipBpeVocabulary.END, end));
    post.put("cls", List.of(ClipBpeVocabulary.START, start));
    post.put("trim_offsets", false);
    post.put("add_prefix_space", false);
    t.put("post_processor", post);
    Map<String, Object> decoder = new LinkedHashMap<>();
    decoder.put("type", "BPEDecoder");
    decoder.put("suffix", ClipBpeVocabulary.WORD_END);
    t.put("decoder", decoder);
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("type", "BPE");
    model.put("dropout", null);
    model.put("unk_token", ClipBpeVocabulary.END);
    model.put("continuing_subword_prefix", "");
    model.put("end_of_word_suffix", ClipBpeVocabulary.WORD_END);
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    model.put("vocab", vocabJson);
    model.put("merges", bpe.merges());
    t.put("model", model);
    json(dir.resolve("tokenizer.json"), t);

    Map<String, Object> config = new LinkedHashMap<>();
    config.put("add_prefix_space", false);
    config.put("bos_token", ClipBpeVocabulary.START);
    config.put("do_lower_case", true);
    config.put("eos_token", ClipBpeVocabulary.END);
    config.put("errors", "replace");
    config.put("model_max_length", maxTokens);
    config.put("pad_token", "!");
    config.put("tokenizer_class", "CLIPTokenizer");
    config.put("unk_token", ClipBpeVocabulary.END);
    json(dir.resolve("tokenizer_config.json"), config);
    Map<String, Object> special = new LinkedHashMap<>();
    special.put("bos_token", ClipBpeVocabulary.START);
    special.put("eos_token", ClipBpeVocabulary.END);
    special.put("pad_token", "!");
    special.put("unk_token", ClipBpeVocabulary.END);
    json(dir.resolve("special_tokens_map.json"), special);
  }

  private static Map<String, Object> addedToken(int id, String content) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("content", content);
    m.put("single_word", false);
    m.put("lstrip", false);
    m.put("rstrip", false);
    m.put("normalized", true);
    m.put("special", true);
    return m;
  }

  // ---------------------------------------------------------------- weight shapes

  /** Every {@code AutoencoderKL} weight: the encoder's, quant convs, and the decoder's. */
  static Map<String, long[]> vaeWeights(AutoencoderKLConfig c) {
    Map<String, long[]> w =
        new LinkedHashMap<>(VaeEncoderCheckpoint.expectedWeights(c, AttentionKeys.CURRENT));
    long latent = c.latentChannels();
    List<Integer> widths = c.blockOutChannels();
    long last = widths.get(widths.size() - 1);
    if (c.usePostQuantConv()) {
      conv(w, "post_quant_conv", latent, latent, 1);
    }
    conv(w, "decoder.conv_in", last, latent, 3);
    resnet(w, "decoder.mid_block.resnets.0", last, last);
    if (c.midBlockAddAttention()) {
      String a = "decoder.mid_block.attentions.0.";
      vector(w, a + "group_norm", last);
      for (String m : List.of("to_q", "to_k", "to_v", "to_out.0")) {
        w.put(a + m + ".weight", new long[] {last, last});
        w.put(a + m + ".bias", new long[] {last});
      }
    }
    resnet(w, "decoder.mid_block.resnets.1", last, last);
    long prev = last;
    for (int i = 0; i < widths.size(); i++) {
      long out = widths.get(widths.size() - 1 - i);
      String p = "decoder.up_blocks." + i;
      for (int r = 0; r <= c.layersPerBlock(); r++) {
        resnet(w, p + ".resnets." + r, r == 0 ? prev : out, out);
      }
      if (i < widths.size() - 1) {
        conv(w, p + ".upsamplers.0.conv", out, out, 3);
      }
      prev = out;
    }
    vector(w, "decoder.conv_norm_out", widths.get(0));
    conv(w, "decoder.conv_out", c.outChannels(), widths.get(0), 3);
    return w;
  }

  /** Every {@code CLIPTextModel} weight in transformers' names. */
  static Map<String, long[]> textWeights(ClipTextConfig c) {
    Map<String, long[]> w = new LinkedHashMap<>();
    long d = c.hiddenSize();
    w.put("text_model.embeddings.token_embedding.weight", new long[] {c.vocabSize(), d});
    w.put(
        "text_model.embeddings.position_embedding.weight",
        new long[] {c.maxPositionEmbeddings(), d});
    for (int l = 0; l < c.numHiddenLayers(); l++) {
      String p = "text_model.encoder.layers." + l;
      for (String proj : List.of("q_proj", "k_proj", "v_proj", "out_proj")) {
        w.put(p + ".self_attn." + proj + ".weight", new long[] {d, d});
        w.put(p + ".self_attn." + proj + ".bias", new long[] {d});
      }
      vector(w, p + ".layer_norm1", d);
      w.put(p + ".mlp.fc1.weight", new long[] {c.intermediateSize(), d});
      w.put(p + ".mlp.fc1.bias", new long[] {c.intermediateSize()});
      w.put(p + ".mlp.fc2.weight", new long[] {d, c.intermediateSize()});
      w.put(p + ".mlp.fc2.bias", new long[] {d});
      vector(w, p + ".layer_norm2", d);
    }
    vector(w, "text_model.final_layer_norm", d);
    return w;
  }

  private static void resnet(Map<String, long[]> w, String p, long in, long out) {
    vector(w, p + ".norm1", in);
    conv(w, p + ".conv1", out, in, 3);
    vector(w, p + ".norm2", out);
    conv(w, p + ".conv2", out, out, 3);
    if (in != out) {
      conv(w, p + ".conv_shortcut", out, in, 1);
    }
  }

  private static void conv(Map<String, long[]> w, String p, long out, long in, long k) {
    w.put(p + ".weight", new long[] {out, in, k, k});
    w.put(p + ".bias", new long[] {out});
  }

  private static void vector(Map<String, long[]> w, String p, long n) {
    w.put(p + ".weight", new long[] {n});
    w.put(p + ".bias", new long[] {n});
  }

  // ---------------------------------------------------------------- files

  private static void json(Path file, Object value) {
    try {
      Files.createDirectories(file.getParent());
      JSON.writeValue(file.toFile(), value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void text(Path file, String value) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
