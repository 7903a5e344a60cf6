package ai.taskaware.llm.benchmark;

import ai.taskaware.core.checkpoint.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The dimensions of a LLaMA checkpoint to generate.
 *
 * @param vocab vocabulary size
 * @param hidden hidden size
 * @param intermediate MLP width
 * @param layers decoder layers
 * @param heads attention heads
 * @param kvHeads key/value heads
 */
public record LlamaShape(
    int vocab, int hidden, int intermediate, int layers, int heads, int kvHeads) {

  /** TinyLlama-1.1B: hidden 2048, 22 layers, 32 heads, 4 KV heads, MLP 5632, vocab 32000. */
  public static final LlamaShape TINYLLAMA_1_1B = new LlamaShape(32000, 2048, 5632, 22, 32, 4);

  /** A few-megabyte shape for a quick check of the benchmark itself. */
  public static final LlamaShape TINY = new LlamaShape(256, 128, 352, 2, 4, 2);

  /** Checks that heads divide the hidden size and KV heads divide heads. */
  public LlamaShape {
    if (hidden % heads != 0 || heads % kvHeads != 0) {
      throw new IllegalArgumentException(
          "hidden " + hidden + " / heads " + heads + " / kv heads " + kvHeads + " do not divide");
    }
  }

  /** Parameters of the linear layers (projections, MLP, lm_head): the weights read per token. */
  public long linearParameters() {
    long kv = (long) kvHeads * (hidden / heads);
    long perLayer = 2L * hidden * hidden + 2L * kv * hidden + 3L * hidden * intermediate;
    return layers * perLayer + (long) vocab * hidden;
  }

  /** All parameters, embeddings and norms included. */
  public long parameters() {
    return linearParameters() + (long) vocab * hidden + (2L * layers + 1) * hidden;
  }

  /**
   * Writes {@code config.json} and an fp16 {@code model.safetensors} with seeded Gaussian weights
   * (std 0.02, norms 1) into {@code folder}.
   */
  public Path writeRandomCheckpoint(Path folder, long seed) throws IOException {
    Files.createDirectories(folder);
    Files.writeString(
        folder.resolve("config.json"),
        String.format(
            Locale.ROOT,
            """
            {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": %d,
             "hidden_size": %d, "intermediate_size": %d, "num_hidden_layers": %d,
             "num_attention_heads": %d, "num_key_value_heads": %d, "rms_norm_eps": 1e-5,
             "rope_theta": 10000.0, "max_position_embeddings": 2048,
             "tie_word_embeddings": false, "bos_token_id": 1, "eos_token_id": 2,
             "hidden_act": "silu", "torch_dtype": "float16"}
            """,
            vocab,
            hidden,
            intermediate,
            layers,
            heads,
            kvHeads));
    Nd4j.getRandom().setSeed(seed);
    int kv = kvHeads * (hidden / heads);
    SafetensorsWriter w = new SafetensorsWriter();
    w.add("model.embed_tokens.weight", gaussian(vocab, hidden));
    for (int i = 0; i < layers; i++) {
      String p = "model.layers." + i + ".";
      w.add(p + "input_layernorm.weight", Nd4j.ones(DataType.HALF, hidden));
      w.add(p + "self_attn.q_proj.weight", gaussian(hidden, hidden));
      w.add(p + "self_attn.k_proj.weight", gaussian(kv, hidden));
      w.add(p + "self_attn.v_proj.weight", gaussian(kv, hidden));
      w.add(p + "self_attn.o_proj.weight", gaussian(hidden, hidden));
      w.add(p + "post_attention_layernorm.weight", Nd4j.ones(DataType.HALF, hidden));
      w.add(p + "mlp.gate_proj.weight", gaussian(intermediate, hidden));
      w.add(p + "mlp.up_proj.weight", gaussian(intermediate, hidden));
      w.add(p + "mlp.down_proj.weight", gaussian(hidden, intermediate));
    }
    w.add("model.norm.weight", Nd4j.ones(DataType.HALF, hidden));
    w.add("lm_head.weight", gaussian(vocab, hidden));
    w.write(folder.resolve("model.safetensors"));
    return folder;
  }

  private static INDArray gaussian(long rows, long cols) {
    INDArray f = Nd4j.randn(DataType.FLOAT, rows, cols).muli(0.02);
    INDArray h = f.castTo(DataType.HALF);
    f.close();
    return h;
  }
}
