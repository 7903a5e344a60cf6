package ai.taskaware.diffusion.vae;

import ai.taskaware.core.checkpoint.CheckpointException;
import ai.taskaware.core.checkpoint.Checkpoints;
import ai.taskaware.core.checkpoint.TensorInfo;
import ai.taskaware.core.checkpoint.TensorSource;
import ai.taskaware.core.checkpoint.config.AutoencoderKLConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A diffusers {@code vae/} folder ({@code AutoencoderKL}) opened for its encoder: the config is
 * checked (only {@code DownEncoderBlock2D} blocks, SiLU), the mid-block attention's key layout is
 * detected, and every encoder weight is checked for presence and shape before a graph is built.
 * Decoder weights are ignored. The weights stay memory-mapped until {@link #close}.
 */
public final class VaeEncoderCheckpoint implements AutoCloseable {

  private static final String DOWN_BLOCK = "DownEncoderBlock2D";

  private final Path folder;
  private final AutoencoderKLConfig config;
  private final TensorSource weights;
  private final AttentionKeys attentionKeys;

  private VaeEncoderCheckpoint(
      Path folder, AutoencoderKLConfig config, TensorSource weights, AttentionKeys keys) {
    this.folder = folder;
    this.config = config;
    this.weights = weights;
    this.attentionKeys = keys;
  }

  /**
   * Opens {@code vaeFolder}: {@code config.json} plus {@code diffusion_pytorch_model.safetensors}
   * (or a sharded index), fp32, fp16 or bf16.
   *
   * @throws CheckpointException naming the file and key when the config is unsupported or a weight
   *     is missing or mis-shaped (with both shapes)
   */
  public static VaeEncoderCheckpoint open(Path vaeFolder) {
    Path configFile = vaeFolder.resolve("config.json");
    if (!Files.isRegularFile(configFile)) {
      throw new CheckpointException(
          vaeFolder, null, "not a diffusers vae folder: config.json is missing");
    }
    AutoencoderKLConfig config = AutoencoderKLConfig.read(configFile);
    checkConfig(configFile, config);
    TensorSource weights = Checkpoints.openWeights(vaeFolder);
    try {
      AttentionKeys keys = detectKeys(weights);
      check(vaeFolder, expectedWeights(config, keys), weights);
      return new VaeEncoderCheckpoint(vaeFolder, config, weights, keys);
    } catch (RuntimeException e) {
      weights.close();
      throw e;
    }
  }

  private static void checkConfig(Path file, AutoencoderKLConfig config) {
    List<String> blocks = config.downBlockTypes();
    if (blocks.size() != config.blockOutChannels().size()) {
      throw new CheckpointException(
          file,
          "down_block_types",
          blocks.size()
              + " blocks but block_out_channels has "
              + config.blockOutChannels().size()
              + " entries");
    }
    for (int i = 0; i < blocks.size(); i++) {
      if (!DOWN_BLOCK.equals(blocks.get(i))) {
        throw new CheckpointException(
            file,
            "down_block_types[" + i + "]",
            "\"" + blocks.get(i) + "\" is not supported; only " + DOWN_BLOCK);
      }
    }
    if (!"silu".equals(config.actFn())) {
      throw new CheckpointException(
          file, "act_fn", "\"" + config.actFn() + "\" is not supported; only silu");
    }
    for (int c : config.blockOutChannels()) {
      if (c % config.normNumGroups() != 0) {
        throw new CheckpointException(
            file,
            "block_out_channels",
            c + " channels are not divisible by norm_num_groups " + config.normNumGroups());
      }
    }
  }

  private static AttentionKeys detectKeys(TensorSource weights) {
    String prefix = "encoder.mid_block.attentions.0.";
    return weights.contains(prefix + AttentionKeys.LEGACY.query() + ".weight")
        ? AttentionKeys.LEGACY
        : AttentionKeys.CURRENT;
  }

  private static void check(Path folder, Map<String, long[]> expected, TensorSource weights) {
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      String name = e.getKey();
      if (!weights.contains(name)) {
        throw new CheckpointException(
            folder,
            name,
            "missing; the VAE config needs it with shape " + Arrays.toString(e.getValue()));
      }
      TensorInfo info = weights.info(name);
      long[] shape = info.shape();
      boolean linearAsConv =
          e.getValue().length == 2
              && shape.length == 4
              && shape[2] == 1
              && shape[3] == 1
              && shape[0] == e.getValue()[0]
              && shape[1] == e.getValue()[1];
      if (!Arrays.equals(shape, e.getValue()) && !linearAsConv) {
        throw new CheckpointException(
            info.file(),
            name,
            "has shape "
                + Arrays.toString(shape)
                + " but the VAE config implies "
                + Arrays.toString(e.getValue()));
      }
      if (!info.dtype().isFloatingPoint()) {
        throw new CheckpointException(
            info.file(), name, "dtype " + info.dtype() + ", expected a floating-point type");
      }
    }
  }

  /**
   * Every encoder weight {@code config} needs, with its shape, in module order. Attention
   * projections are listed as linear [C, C]; 1×1 convolution weights [C, C, 1, 1] are accepted too.
   */
  public static Map<String, long[]> expectedWeights(
      AutoencoderKLConfig config, AttentionKeys keys) {
    Map<String, long[]> out = new LinkedHashMap<>();
    List<Integer> widths = config.blockOutChannels();
    long first = widths.get(0);
    conv(out, "encoder.conv_in", first, config.inChannels(), 3);
    long in = first;
    for (int b = 0; b < widths.size(); b++) {
      long c = widths.get(b);
      for (int r = 0; r < config.layersPerBlock(); r++) {
        resnet(out, "encoder.down_blocks." + b + ".resnets." + r, r == 0 ? in : c, c);
      }
      if (b < widths.size() - 1) {
        conv(out, "encoder.down_blocks." + b + ".downsamplers.0.conv", c, c, 3);
      }
      in = c;
    }
    long last = widths.get(widths.size() - 1);
    resnet(out, "encoder.mid_block.resnets.0", last, last);
    if (config.midBlockAddAttention()) {
      String a = "encoder.mid_block.attentions.0.";
      vector(out, a + "group_norm", last);
      for (String m : List.of(keys.query(), keys.key(), keys.value(), keys.output())) {
        out.put(a + m + ".weight", new long[] {last, last});
        out.put(a + m + ".bias", new long[] {last});
      }
    }
    resnet(out, "encoder.mid_block.resnets.1", last, last);
    vector(out, "encoder.conv_norm_out", last);
    long moments = 2L * config.latentChannels();
    conv(out, "encoder.conv_out", moments, last, 3);
    if (config.useQuantConv()) {
      conv(out, "quant_conv", moments, moments, 1);
    }
    return out;
  }

  private static void resnet(Map<String, long[]> out, String p, long in, long c) {
    vector(out, p + ".norm1", in);
    conv(out, p + ".conv1", c, in, 3);
    vector(out, p + ".norm2", c);
    conv(out, p + ".conv2", c, c, 3);
    if (in != c) {
      conv(out, p + ".conv_shortcut", c, in, 1);
    }
  }

  private static void conv(Map<String, long[]> out, String p, long o, long i, long k) {
    out.put(p + ".weight", new long[] {o, i, k, k});
    out.put(p + ".bias", new long[] {o});
  }

  private static void vector(Map<String, long[]> out, String p, long c) {
    out.put(p + ".weight", new long[] {c});
    out.put(p + ".bias", new long[] {c});
  }

  /** The folder it was opened from. */
  public Path folder() {
    return folder;
  }

  /** The VAE config. */
  public AutoencoderKLConfig config() {
    return config;
  }

  /** Which spelling the mid-block attention's weights use. */
  public AttentionKeys attentionKeys() {
    return attentionKeys;
  }

  /** The weights, memory-mapped, valid until {@link #close}. */
  public TensorSource weights() {
    return weights;
  }

  /** Side of the latent for a {@code side}-pixel image: one halving per downsampling block. */
  public int latentSide(int side) {
    int s = side;
    for (int b = 0; b < config.blockOutChannels().size() - 1; b++) {
      // pad (0, 1) then a stride-2 3×3 conv without padding: floor((s + 1 − 3) / 2) + 1
      s = (s - 2) / 2 + 1;
    }
    return s;
  }

  /** Unmaps the weights; graphs built from them must have been emitted before. */
  @Override
  public void close() {
    weights.close();
  }
}
