package ai.taskaware.llm.llama;

import ai.taskaware.core.checkpoint.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A random LLaMA checkpoint written in the Hugging Face layout for tests, with its weights kept as
 * doubles for {@link ReferenceLlama}.
 */
public final class TinyLlamaCheckpoint {

  /** Shape and RoPE settings of a generated checkpoint. */
  public record Spec(
      int vocab,
      int hidden,
      int intermediate,
      int layers,
      int heads,
      int kvHeads,
      double eps,
      double theta,
      String ropeScaling,
      double factor,
      int maxPositions,
      boolean tied) {

    int headDim() {
      return hidden / heads;
    }

    public static Spec small() {
      return new Spec(60, 32, 48, 2, 4, 2, 1e-6, 10000, null, 1, 64, false);
    }

    public Spec withVocab(int v) {
      return new Spec(
          v,
          hidden,
          intermediate,
          layers,
          heads,
          kvHeads,
          eps,
          theta,
          ropeScaling,
          factor,
          maxPositions,
          tied);
    }

    public Spec withKvHeads(int kv) {
      return new Spec(
          vocab,
          hidden,
          intermediate,
          layers,
          heads,
          kv,
          eps,
          theta,
          ropeScaling,
          factor,
          maxPositions,
          tied);
    }

    public Spec withRope(double newTheta, String scaling, double newFactor, int maxPos) {
      return new Spec(
          vocab,
          hidden,
          intermediate,
          layers,
          heads,
          kvHeads,
          eps,
          newTheta,
          scaling,
          newFactor,
          maxPos,
          tied);
    }

    public Spec withEps(double newEps) {
      return new Spec(
          vocab,
          hidden,
          intermediate,
          layers,
          heads,
          kvHeads,
          newEps,
          theta,
          ropeScaling,
          factor,
          maxPositions,
          tied);
    }

    public Spec withTied(boolean t) {
      return new Spec(
          vocab,
          hidden,
          intermediate,
          layers,
          heads,
          kvHeads,
          eps,
          theta,
          ropeScaling,
          factor,
          maxPositions,
          t);
    }
  }

  public final Spec spec;
  final Map<String, double[][]> weights = new LinkedHashMap<>();

  public TinyLlamaCheckpoint(Spec spec, long seed) {
    this.spec = spec;
    Random r = new Random(seed);
    int h = spec.hidden();
    int kv = spec.kvHeads() * spec.headDim();
    put("model.embed_tokens.weight", random(r, spec.vocab(), h, 0.5, 0));
    for (int i = 0; i < spec.layers(); i++) {
      String p = "model.layers." + i + ".";
      put(p + "input_layernorm.weight", random(r, 1, h, 0.2, 1));
      put(p + "self_attn.q_proj.weight", random(r, h, h, 0.3, 0));
      put(p + "self_attn.k_proj.weight", random(r, kv, h, 0.3, 0));
      put(p + "self_attn.v_proj.weight", random(r, kv, h, 0.3, 0));
      put(p + "self_attn.o_proj.weight", random(r, h, h, 0.2, 0));
      put(p + "post_attention_layernorm.weight", random(r, 1, h, 0.2, 1));
      put(p + "mlp.gate_proj.weight", random(r, spec.intermediate(), h, 0.3, 0));
      put(p + "mlp.up_proj.weight", random(r, spec.intermediate(), h, 0.3, 0));
      put(p + "mlp.down_proj.weight", random(r, h, spec.intermediate(), 0.2, 0));
    }
    put("model.norm.weight", random(r, 1, h, 0.2, 1));
    if (!spec.tied()) {
      put("lm_head.weight", random(r, spec.vocab(), h, 0.3, 0));
    }
  }

  /**
   * Rounds every weight to {@code dtype} (HALF or BFLOAT16), so the reference sees what is stored.
   */
  TinyLlamaCheckpoint roundedTo(DataType dtype) {
    for (Map.Entry<String, double[][]> e : weights.entrySet()) {
      double[][] v = e.getValue();
      INDArray a = Nd4j.createFromArray(v).castTo(dtype).castTo(DataType.DOUBLE);
      e.setValue(a.toDoubleMatrix());
    }
    return this;
  }

  private void put(String name, double[][] w) {
    weights.put(name, w);
  }

  private static double[][] random(Random r, int rows, int cols, double std, double mean) {
    double[][] w = new double[rows][cols];
    for (double[] row : w) {
      for (int j = 0; j < cols; j++) {
        // float-representable values, so the reference and the checkpoint hold the same numbers
        row[j] = (float) (mean + std * r.nextGaussian());
      }
    }
    return w;
  }

  /** Writes config.json and model.safetensors (or shards) into {@code folder}. */
  public Path write(Path folder, DataType dtype, long shardBytes) throws IOException {
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("config.json"), configJson("LlamaForCausalLM"));
    SafetensorsWriter w = new SafetensorsWriter();
    for (Map.Entry<String, double[][]> e : weights.entrySet()) {
      double[][] v = e.getValue();
      INDArray a = Nd4j.createFromArray(v).castTo(DataType.FLOAT);
      if (e.getKey().endsWith("layernorm.weight") || e.getKey().equals("model.norm.weight")) {
        a = a.reshape(v[0].length);
      }
      w.add(e.getKey(), a.castTo(dtype));
    }
    // transformers 4.31 checkpoints carry this buffer; the loader must ignore it
    w.add(
        "model.layers.0.self_attn.rotary_emb.inv_freq",
        Nd4j.ones(DataType.FLOAT, spec.headDim() / 2));
    if (shardBytes > 0) {
      w.writeSharded(folder, "model", shardBytes);
    } else {
      w.write(folder.resolve("model.safetensors"));
    }
    return folder;
  }

  String configJson(String architecture) {
    String scaling =
        spec.ropeScaling() == null
            ? "null"
            : String.format(
                Locale.ROOT,
                "{\"type\": \"%s\", \"factor\": %s}",
                spec.ropeScaling(),
                spec.factor());
    return String.format(
        Locale.ROOT,
        """
        {"architectures": ["%s"], "model_type": "llama", "vocab_size": %d, "hidden_size": %d,
         "intermediate_size": %d, "num_hidden_layers": %d, "num_attention_heads": %d,
         "num_key_value_heads": %d, "rms_norm_eps": %s, "rope_theta": %s, "rope_scaling": %s,
         "max_position_embeddings": %d, "tie_word_embeddings": %s, "bos_token_id": 1,
         "eos_token_id": 2, "hidden_act": "silu"}
        """,
        architecture,
        spec.vocab(),
        spec.hidden(),
        spec.intermediate(),
        spec.layers(),
        spec.heads(),
        spec.kvHeads(),
        spec.eps(),
        spec.theta(),
        scaling,
        spec.maxPositions(),
        spec.tied());
  }
}
