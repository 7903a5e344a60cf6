package ai.taskaware.clip;

import ai.taskaware.core.checkpoint.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Writes random CLIP checkpoints of any shape in the transformers layouts. */
public final class TinyClipCheckpoints {

  /** Vision tower shape. */
  public record Vision(
      int hidden, int layers, int heads, int mlp, String act, int image, int patch) {}

  /** Text tower shape. */
  public record Text(
      int vocab, int hidden, int layers, int heads, int mlp, String act, int positions) {}

  private final Random random;
  private final SafetensorsWriter writer = new SafetensorsWriter();

  public TinyClipCheckpoints(long seed) {
    this.random = new Random(seed);
  }

  INDArray randn(double std, long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] data = new float[(int) n];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) (random.nextGaussian() * std);
    }
    return Nd4j.create(data, shape, 'c').castTo(DataType.FLOAT);
  }

  INDArray around(double center, double spread, long n) {
    return randn(spread, n).add(center);
  }

  private void layers(String prefix, int count, int hidden, int mlp) {
    double s = 1 / Math.sqrt(hidden);
    for (int i = 0; i < count; i++) {
      String l = prefix + "encoder.layers." + i + ".";
      for (String norm : new String[] {"layer_norm1", "layer_norm2"}) {
        writer.add(l + norm + ".weight", around(1, 0.2, hidden));
        writer.add(l + norm + ".bias", randn(0.1, hidden));
      }
      for (String proj : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
        writer.add(
            l + "self_attn." + proj + ".weight",
            randn(proj.equals("q_proj") ? 3 * s : s, hidden, hidden));
        writer.add(l + "self_attn." + proj + ".bias", randn(0.1, hidden));
      }
      writer.add(l + "mlp.fc1.weight", randn(s, mlp, hidden));
      writer.add(l + "mlp.fc1.bias", randn(0.1, mlp));
      writer.add(l + "mlp.fc2.weight", randn(1 / Math.sqrt(mlp), hidden, mlp));
      writer.add(l + "mlp.fc2.bias", randn(0.1, hidden));
    }
  }

  /** Adds a vision tower's weights. */
  public TinyClipCheckpoints vision(Vision v, Integer projection) {
    String p = ClipCheckpoint.VISION_PREFIX;
    int grid = v.image() / v.patch();
    writer.add(p + "embeddings.class_embedding", randn(1, v.hidden()));
    writer.add(
        p + "embeddings.patch_embedding.weight", randn(0.1, v.hidden(), 3, v.patch(), v.patch()));
    writer.add(p + "embeddings.position_embedding.weight", randn(0.5, grid * grid + 1, v.hidden()));
    writer.add(p + "pre_layrnorm.weight", around(1, 0.2, v.hidden()));
    writer.add(p + "pre_layrnorm.bias", randn(0.1, v.hidden()));
    layers(p, v.layers(), v.hidden(), v.mlp());
    writer.add(p + "post_layernorm.weight", around(1, 0.2, v.hidden()));
    writer.add(p + "post_layernorm.bias", randn(0.1, v.hidden()));
    if (projection != null) {
      writer.add(ClipCheckpoint.VISUAL_PROJECTION, randn(0.2, projection, v.hidden()));
    }
    return this;
  }

  /** Adds a text tower's weights. */
  public TinyClipCheckpoints text(Text t, Integer projection) {
    String p = ClipCheckpoint.TEXT_PREFIX;
    writer.add(p + "embeddings.token_embedding.weight", randn(1, t.vocab(), t.hidden()));
    writer.add(p + "embeddings.position_embedding.weight", randn(0.5, t.positions(), t.hidden()));
    layers(p, t.layers(), t.hidden(), t.mlp());
    writer.add(p + "final_layer_norm.weight", around(1, 0.2, t.hidden()));
    writer.add(p + "final_layer_norm.bias", randn(0.1, t.hidden()));
    if (projection != null) {
      writer.add(ClipCheckpoint.TEXT_PROJECTION, randn(0.2, projection, t.hidden()));
    }
    return this;
  }

  /** Adds {@code logit_scale}. */
  public TinyClipCheckpoints logitScale(float value) {
    writer.add(ClipCheckpoint.LOGIT_SCALE, Nd4j.scalar(value));
    return this;
  }

  static String visionJson(Vision v, int projection) {
    return String.format(
        "{\"hidden_size\": %d, \"intermediate_size\": %d, \"projection_dim\": %d,"
            + " \"num_hidden_layers\": %d, \"num_attention_heads\": %d, \"image_size\": %d,"
            + " \"patch_size\": %d, \"hidden_act\": \"%s\", \"model_type\": \"clip_vision_model\"}",
        v.hidden(), v.mlp(), projection, v.layers(), v.heads(), v.image(), v.patch(), v.act());
  }

  static String textJson(Text t, int projection) {
    return String.format(
        "{\"vocab_size\": %d, \"hidden_size\": %d, \"intermediate_size\": %d,"
            + " \"projection_dim\": %d, \"num_hidden_layers\": %d, \"num_attention_heads\": %d,"
            + " \"max_position_embeddings\": %d, \"hidden_act\": \"%s\","
            + " \"model_type\": \"clip_text_model\"}",
        t.vocab(), t.hidden(), t.mlp(), projection, t.layers(), t.heads(), t.positions(), t.act());
  }

  /** Writes model.safetensors and the given config.json into {@code folder}. */
  public Path write(Path folder, String configJson) throws IOException {
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("config.json"), configJson);
    writer.write(folder.resolve("model.safetensors"));
    return folder;
  }

  /** A CLIPVisionModel folder (projection when {@code projection} is not null). */
  public static Path visionModel(Path folder, long seed, Vision v, Integer projection)
      throws IOException {
    return new TinyClipCheckpoints(seed)
        .vision(v, projection)
        .write(folder, visionJson(v, projection == null ? 16 : projection));
  }

  /** A CLIPTextModel folder (projection when {@code projection} is not null). */
  public static Path textModel(Path folder, long seed, Text t, Integer projection)
      throws IOException {
    return new TinyClipCheckpoints(seed)
        .text(t, projection)
        .write(folder, textJson(t, projection == null ? 16 : projection));
  }

  /** A full CLIPModel folder with both towers, projections and logit_scale. */
  public static Path clipModel(
      Path folder, long seed, Vision v, Text t, int projection, float logitScale)
      throws IOException {
    String json =
        "{\"model_type\": \"clip\", \"projection_dim\": "
            + projection
            + ", \"logit_scale_init_value\": 2.6592, \"vision_config\": "
            + visionJson(v, projection)
            + ", \"text_config\": "
            + textJson(t, projection)
            + "}";
    return new TinyClipCheckpoints(seed)
        .vision(v, projection)
        .text(t, projection)
        .logitScale(logitScale)
        .write(folder, json);
  }
}
