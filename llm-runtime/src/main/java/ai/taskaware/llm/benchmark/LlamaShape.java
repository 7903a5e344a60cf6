package ai.taskaware.llm.benchmark;

import ai.taskaware.core.checkpoint.DType;
import ai.taskaware.core.checkpoint.HalfFloats;
import ai.taskaware.core.checkpoint.SafetensorsWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The dimensions of a LLaMA checkpoint to generate.
 *
 * @param name what the shape is called on the command line
 * @param vocab vocabulary size
 * @param hidden hidden size
 * @param intermediate MLP width
 * @param layers decoder layers
 * @param heads attention heads
 * @param kvHeads key/value heads
 * @param maxPositions {@code max_position_embeddings}
 */
public record LlamaShape(
    String name,
    int vocab,
    int hidden,
    int intermediate,
    int layers,
    int heads,
    int kvHeads,
    int maxPositions) {

  /** TinyLlama-1.1B: hidden 2048, 22 layers, 32 heads, 4 KV heads, MLP 5632, vocab 32000. */
  public static final LlamaShape TINYLLAMA_1_1B =
      new LlamaShape("tinyllama-1.1b", 32000, 2048, 5632, 22, 32, 4, 2048);

  /**
   * Vicuna-7B-v1.5 (LLaMA-2-7B): hidden 4096, 32 layers, 32 heads, 32 KV heads, MLP 11008, vocab
   * 32000, 4096 positions.
   */
  public static final LlamaShape VICUNA_7B =
      new LlamaShape("vicuna-7b", 32000, 4096, 11008, 32, 32, 32, 4096);

  /** A few-megabyte shape for a quick check of the benchmark itself. */
  public static final LlamaShape TINY = new LlamaShape("tiny", 256, 128, 352, 2, 4, 2, 2048);

  /** Every named shape. */
  public static final List<LlamaShape> NAMED = List.of(TINY, TINYLLAMA_1_1B, VICUNA_7B);

  /** Generated checkpoints bigger than this are written as shards of at most this many bytes. */
  static final long SHARD_BYTES = 5_000_000_000L;

  private static final double WEIGHT_STD = 0.02;
  private static final int TABLE_BITS = 12;
  private static final int CHUNK_BYTES = 1 << 20;
  private static final short HALF_ONE = HalfFloats.floatToHalf(1f);

  /** Checks that heads divide the hidden size and KV heads divide heads. */
  public LlamaShape {
    if (hidden % heads != 0 || heads % kvHeads != 0) {
      throw new IllegalArgumentException(
          "hidden " + hidden + " / heads " + heads + " / kv heads " + kvHeads + " do not divide");
    }
  }

  /**
   * The shape called {@code name} ({@code tiny}, {@code tinyllama-1.1b}, {@code vicuna-7b}).
   *
   * @throws IllegalArgumentException listing the names when there is no such shape
   */
  public static LlamaShape named(String name) {
    for (LlamaShape s : NAMED) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "no LLaMA shape '" + name + "'; have " + NAMED.stream().map(LlamaShape::name).toList());
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
   * Writes {@code config.json} and fp16 weights into {@code folder}: {@code model.safetensors}, or
   * shards of at most 5 GB with {@code model.safetensors.index.json} for bigger shapes. Linear and
   * embedding weights are N(0, 0.02²) values drawn from a seeded table of 4096 fp16 Gaussians by 12
   * random bits each, norm weights are 1. The bytes are generated while they are written, a
   * megabyte at a time, so a 7B checkpoint never sits in memory; {@code config.json} is written
   * last, so its presence marks a complete checkpoint.
   */
  public Path writeRandomCheckpoint(Path folder, long seed) throws IOException {
    return writeRandomCheckpoint(folder, seed, SHARD_BYTES);
  }

  /** As {@link #writeRandomCheckpoint(Path, long)} with shards of at most {@code shardBytes}. */
  Path writeRandomCheckpoint(Path folder, long seed, long shardBytes) throws IOException {
    Files.createDirectories(folder);
    Files.deleteIfExists(folder.resolve("config.json"));
    short[] table = gaussianTable(seed);
    int kv = kvHeads * (hidden / heads);
    SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt");
    long[] stream = {seed};
    // each tensor draws from its own seeded stream
    Gaussians g =
        (name, rows, cols) ->
            w.add(
                name,
                DType.F16,
                new long[] {rows, cols},
                random(table, seed + ++stream[0] * 0x9E3779B97F4A7C15L, rows * cols));
    g.add("model.embed_tokens.weight", vocab, hidden);
    for (int i = 0; i < layers; i++) {
      String p = "model.layers." + i + ".";
      w.add(p + "input_layernorm.weight", DType.F16, new long[] {hidden}, ones(hidden));
      g.add(p + "self_attn.q_proj.weight", hidden, hidden);
      g.add(p + "self_attn.k_proj.weight", kv, hidden);
      g.add(p + "self_attn.v_proj.weight", kv, hidden);
      g.add(p + "self_attn.o_proj.weight", hidden, hidden);
      w.add(p + "post_attention_layernorm.weight", DType.F16, new long[] {hidden}, ones(hidden));
      g.add(p + "mlp.gate_proj.weight", intermediate, hidden);
      g.add(p + "mlp.up_proj.weight", intermediate, hidden);
      g.add(p + "mlp.down_proj.weight", hidden, intermediate);
    }
    w.add("model.norm.weight", DType.F16, new long[] {hidden}, ones(hidden));
    g.add("lm_head.weight", vocab, hidden);
    if (2 * parameters() > shardBytes) {
      w.writeSharded(folder, "model", shardBytes);
    } else {
      w.write(folder.resolve("model.safetensors"));
    }
    Files.writeString(
        folder.resolve("config.json"),
        String.format(
            Locale.ROOT,
            """
            {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": %d,
             "hidden_size": %d, "intermediate_size": %d, "num_hidden_layers": %d,
             "num_attention_heads": %d, "num_key_value_heads": %d, "rms_norm_eps": 1e-5,
             "rope_theta": 10000.0, "max_position_embeddings": %d,
             "tie_word_embeddings": false, "bos_token_id": 1, "eos_token_id": 2,
             "hidden_act": "silu", "torch_dtype": "float16"}
            """,
            vocab,
            hidden,
            intermediate,
            layers,
            heads,
            kvHeads,
            maxPositions));
    return folder;
  }

  /** Adds a generated {@code [rows, cols]} weight. */
  private interface Gaussians {
    void add(String name, long rows, long cols);
  }

  private static short[] gaussianTable(long seed) {
    Random random = new Random(seed);
    short[] table = new short[1 << TABLE_BITS];
    for (int i = 0; i < table.length; i++) {
      table[i] = HalfFloats.floatToHalf((float) (random.nextGaussian() * WEIGHT_STD));
    }
    return table;
  }

  /**
   * {@code elements} fp16 values picked from {@code table} by a random stream seeded with {@code
   * seed}: 12 bits of a random long per value, five values per long.
   */
  private static SafetensorsWriter.Contents random(short[] table, long seed, long elements) {
    return out -> {
      SplittableRandom random = new SplittableRandom(seed);
      int mask = table.length - 1;
      ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      long left = elements;
      while (left > 0) {
        int count = (int) Math.min(left, CHUNK_BYTES / 2);
        chunk.clear();
        int i = 0;
        while (i < count) {
          long bits = random.nextLong();
          for (int j = 0; j < 5 && i < count; j++, i++) {
            chunk.putShort(table[(int) bits & mask]);
            bits >>>= TABLE_BITS;
          }
        }
        chunk.flip();
        while (chunk.hasRemaining()) {
          out.write(chunk);
        }
        left -= count;
      }
    };
  }

  private static SafetensorsWriter.Contents ones(int n) {
    return out -> {
      ByteBuffer b = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        b.putShort(HALF_ONE);
      }
      b.flip();
      while (b.hasRemaining()) {
        out.write(b);
      }
    };
  }
}
