package ai.taskaware.examples;

import ai.taskaware.core.checkpoint.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Writes a random 2-layer LLaMA checkpoint with a 64-word tokenizer.json (Metaspace word level, BOS
 * prepended, ids 0/1/2 = unk/BOS/EOS) for chat tests. Special tokens get zero output weights so
 * greedy replies are made of words.
 */
final class TinyChatModel {
  static final int VOCAB = 64;
  static final int HIDDEN = 32;
  static final int INTERMEDIATE = 48;
  static final int LAYERS = 2;
  static final int HEADS = 4;

  private TinyChatModel() {}

  static List<String> vocabulary() {
    List<String> v =
        new ArrayList<>(
            List.of(
                "<unk>",
                "<s>",
                "</s>",
                "▁USER:",
                "▁ASSISTANT:",
                "▁hello",
                "▁how",
                "▁are",
                "▁you?",
                "▁what",
                "▁is",
                "▁a",
                "▁cat?"));
    for (int i = 0; v.size() < VOCAB; i++) {
      v.add("▁w" + i);
    }
    return v;
  }

  static Path write(Path folder, long seed) throws IOException {
    Files.createDirectories(folder);
    Files.writeString(
        folder.resolve("config.json"),
        """
        {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": %d,
         "hidden_size": %d, "intermediate_size": %d, "num_hidden_layers": %d,
         "num_attention_heads": %d, "num_key_value_heads": %d, "rms_norm_eps": 1e-6,
         "rope_theta": 10000.0, "max_position_embeddings": 256, "tie_word_embeddings": false,
         "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu"}
        """
            .formatted(VOCAB, HIDDEN, INTERMEDIATE, LAYERS, HEADS, HEADS));
    Random r = new Random(seed);
    SafetensorsWriter w = new SafetensorsWriter();
    w.add("model.embed_tokens.weight", random(r, VOCAB, HIDDEN, 0.5));
    for (int i = 0; i < LAYERS; i++) {
      String p = "model.layers." + i + ".";
      w.add(p + "input_layernorm.weight", Nd4j.ones(DataType.FLOAT, HIDDEN));
      w.add(p + "self_attn.q_proj.weight", random(r, HIDDEN, HIDDEN, 0.3));
      w.add(p + "self_attn.k_proj.weight", random(r, HIDDEN, HIDDEN, 0.3));
      w.add(p + "self_attn.v_proj.weight", random(r, HIDDEN, HIDDEN, 0.3));
      w.add(p + "self_attn.o_proj.weight", random(r, HIDDEN, HIDDEN, 0.2));
      w.add(p + "post_attention_layernorm.weight", Nd4j.ones(DataType.FLOAT, HIDDEN));
      w.add(p + "mlp.gate_proj.weight", random(r, INTERMEDIATE, HIDDEN, 0.3));
      w.add(p + "mlp.up_proj.weight", random(r, INTERMEDIATE, HIDDEN, 0.3));
      w.add(p + "mlp.down_proj.weight", random(r, HIDDEN, INTERMEDIATE, 0.2));
    }
    w.add("model.norm.weight", Nd4j.ones(DataType.FLOAT, HIDDEN));
    INDArray head = random(r, VOCAB, HIDDEN, 1.0);
    for (int special = 0; special < 3; special++) {
      head.getRow(special).assign(0);
    }
    w.add("lm_head.weight", head);
    w.write(folder.resolve("model.safetensors"));
    writeTokenizer(folder.resolve("tokenizer.json"));
    return folder;
  }

  private static INDArray random(Random r, int rows, int cols, double std) {
    float[] v = new float[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (std * r.nextGaussian());
    }
    return Nd4j.createFromArray(v).reshape(rows, cols);
  }

  private static void writeTokenizer(Path file) throws IOException {
    List<String> vocab = vocabulary();
    StringBuilder entries = new StringBuilder();
    for (int i = 0; i < vocab.size(); i++) {
      entries.append(i == 0 ? "" : ", ").append('"').append(vocab.get(i)).append("\": ").append(i);
    }
    String special =
        """
        {"id": %d, "content": "%s", "single_word": false, "lstrip": false, "rstrip": false,
         "normalized": false, "special": true}""";
    Files.writeString(
        file,
        """
        {"version": "1.0", "truncation": null, "padding": null,
         "added_tokens": [%s, %s, %s],
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
         "model": {"type": "WordLevel", "unk_token": "<unk>", "vocab": {%s}}}
        """
            .formatted(
                special.formatted(0, "<unk>"),
                special.formatted(1, "<s>"),
                special.formatted(2, "</s>"),
                entries));
  }
}
