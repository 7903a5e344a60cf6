package ai.taskaware.examples.generate;

import ai.taskaware.core.checkpoint.SafetensorsWriter;
import ai.taskaware.diffusion.generate.SeededWeights;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Writes a transformers {@code CLIPModel} folder (vision and text towers, both projections, {@code
 * logit_scale}, {@code config.json}) with seeded random weights drawn by {@link SeededWeights}; the
 * tokenizer files are copied from a tokenizer folder whose vocabulary sets the text tower's {@code
 * vocab_size}.
 *
 * @param hidden width of both towers
 * @param layers layers of each tower
 * @param heads attention heads of each tower
 * @param mlp MLP width
 * @param imageSize vision input side
 * @param patchSize vision patch side
 * @param projection {@code projection_dim}
 * @param vocab text {@code vocab_size}
 */
public record SyntheticClipModel(
    int hidden,
    int layers,
    int heads,
    int mlp,
    int imageSize,
    int patchSize,
    int projection,
    int vocab) {

  /** {@code logit_scale} as CLIP stores it: ln(100). */
  public static final float LOGIT_SCALE = (float) Math.log(100);

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The demo's tiny shape (about 60 k parameters) for a tokenizer of {@code vocab} ids. */
  public static SyntheticClipModel tiny(int vocab) {
    return new SyntheticClipModel(32, 2, 4, 64, 64, 8, 16, vocab);
  }

  /**
   * The vision tower of openai/clip-vit-large-patch14-336 (width 1024, 24 layers, 16 heads, MLP
   * 4096, 336 px, patch 14, projection 768), for throughput measurements; the text tower takes the
   * same width here (the real one is 768 wide, 12 layers), which does not matter for image
   * encoding.
   */
  public static SyntheticClipModel vitL14At336(int vocab) {
    return new SyntheticClipModel(1024, 24, 16, 4096, 336, 14, 768, vocab);
  }

  /** Tensor name → shape of every weight but {@code logit_scale}. */
  public Map<String, long[]> shapes() {
    Map<String, long[]> s = new LinkedHashMap<>();
    String v = "vision_model.";
    int grid = imageSize / patchSize;
    s.put(v + "embeddings.class_embedding", new long[] {hidden});
    s.put(v + "embeddings.patch_embedding.weight", new long[] {hidden, 3, patchSize, patchSize});
    s.put(v + "embeddings.position_embedding.weight", new long[] {grid * grid + 1, hidden});
    s.put(v + "pre_layrnorm.weight", new long[] {hidden});
    s.put(v + "pre_layrnorm.bias", new long[] {hidden});
    encoder(s, v);
    s.put(v + "post_layernorm.weight", new long[] {hidden});
    s.put(v + "post_layernorm.bias", new long[] {hidden});
    String t = "text_model.";
    s.put(t + "embeddings.token_embedding.weight", new long[] {vocab, hidden});
    s.put(t + "embeddings.position_embedding.weight", new long[] {77, hidden});
    encoder(s, t);
    s.put(t + "final_layer_norm.weight", new long[] {hidden});
    s.put(t + "final_layer_norm.bias", new long[] {hidden});
    s.put("visual_projection.weight", new long[] {projection, hidden});
    s.put("text_projection.weight", new long[] {projection, hidden});
    return s;
  }

  private void encoder(Map<String, long[]> s, String prefix) {
    for (int i = 0; i < layers; i++) {
      String l = prefix + "encoder.layers." + i + ".";
      for (String norm : new String[] {"layer_norm1", "layer_norm2"}) {
        s.put(l + norm + ".weight", new long[] {hidden});
        s.put(l + norm + ".bias", new long[] {hidden});
      }
      for (String proj : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
        s.put(l + "self_attn." + proj + ".weight", new long[] {hidden, hidden});
        s.put(l + "self_attn." + proj + ".bias", new long[] {hidden});
      }
      s.put(l + "mlp.fc1.weight", new long[] {mlp, hidden});
      s.put(l + "mlp.fc1.bias", new long[] {mlp});
      s.put(l + "mlp.fc2.weight", new long[] {hidden, mlp});
      s.put(l + "mlp.fc2.bias", new long[] {hidden});
    }
  }

  /**
   * Writes {@code config.json}, {@code model.safetensors} and the tokenizer files of {@code
   * tokenizerFolder} into {@code folder}.
   *
   * @throws UncheckedIOException when a file cannot be written
   */
  public Path write(Path folder, Path tokenizerFolder, long seed) {
    try {
      Files.createDirectories(folder);
      Files.writeString(folder.resolve("config.json"), JSON.writeValueAsString(config()));
      SafetensorsWriter writer = new SafetensorsWriter();
      shapes().forEach((name, shape) -> writer.add(name, SeededWeights.draw(name, shape, seed)));
      writer.add("logit_scale", Nd4j.scalar(LOGIT_SCALE));
      writer.write(folder.resolve("model.safetensors"));
      try (var files = Files.list(tokenizerFolder)) {
        for (Path f : files.toList()) {
          Files.copy(f, folder.resolve(f.getFileName()));
        }
      }
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the CLIP model folder " + folder, e);
    }
  }

  private ObjectNode config() {
    ObjectNode root = JSON.createObjectNode();
    root.put("model_type", "clip");
    root.putArray("architectures").add("CLIPModel");
    root.put("projection_dim", projection);
    root.put("logit_scale_init_value", 2.6592);
    ObjectNode vision = root.putObject("vision_config");
    vision.put("model_type", "clip_vision_model");
    vision.put("hidden_size", hidden);
    vision.put("intermediate_size", mlp);
    vision.put("num_hidden_layers", layers);
    vision.put("num_attention_heads", heads);
    vision.put("image_size", imageSize);
    vision.put("patch_size", patchSize);
    vision.put("projection_dim", projection);
    vision.put("hidden_act", "quick_gelu");
    ObjectNode text = root.putObject("text_config");
    text.put("model_type", "clip_text_model");
    text.put("vocab_size", vocab);
    text.put("hidden_size", hidden);
    text.put("intermediate_size", mlp);
    text.put("num_hidden_layers", layers);
    text.put("num_attention_heads", heads);
    text.put("max_position_embeddings", 77);
    text.put("projection_dim", projection);
    text.put("hidden_act", "quick_gelu");
    return root;
  }
}
