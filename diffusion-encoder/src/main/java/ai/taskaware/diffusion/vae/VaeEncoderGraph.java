package ai.taskaware.diffusion.vae;

import ai.taskaware.core.checkpoint.DType;
import ai.taskaware.core.checkpoint.TensorSource;
import ai.taskaware.core.checkpoint.config.AutoencoderKLConfig;
import ai.taskaware.core.graph.Dim;
import ai.taskaware.core.graph.Graph;
import ai.taskaware.core.graph.GraphBuilder;
import ai.taskaware.core.graph.Shape;
import ai.taskaware.core.graph.Value;
import ai.taskaware.core.graph.WeightPolicy;
import java.util.List;

/**
 * Builds diffusers' {@code AutoencoderKL.encode} up to the latent distribution: {@code conv_in};
 * per {@code DownEncoderBlock2D} the ResnetBlock2Ds (GroupNorm eps 1e-6, SiLU, 3×3 convs, no time
 * embedding, 1×1 shortcut when the width changes) and, except in the last block, a Downsample2D
 * that pads right and bottom by one and convolves with stride 2 and no padding; the mid block
 * (resnet, single-head self-attention over all pixels with its own GroupNorm and a residual,
 * resnet); {@code conv_norm_out}, SiLU, {@code conv_out}; {@code quant_conv} when configured. The
 * moments are split into the mean and the log-variance, clamped to [−30, 20] as {@code
 * DiagonalGaussianDistribution} does.
 *
 * <p>Input {@value #PIXEL_VALUES}: float32 B×C×H×W in [−1, 1], batch and sides symbolic. Outputs
 * {@value #LATENT_MEAN} and {@value #LATENT_LOGVAR}, unscaled (multiply by {@code scaling_factor}
 * for the U-Net).
 */
public final class VaeEncoderGraph {

  /** Name of the image input. */
  public static final String PIXEL_VALUES = "pixel_values";

  /** Name of the latent mean output. */
  public static final String LATENT_MEAN = "latent_mean";

  /** Name of the clamped latent log-variance output. */
  public static final String LATENT_LOGVAR = "latent_logvar";

  /** GroupNorm epsilon everywhere in the VAE (diffusers' Encoder fixes it). */
  static final double NORM_EPS = 1e-6;

  private final GraphBuilder g = new GraphBuilder("vae_encoder");
  private final TensorSource weights;
  private final AutoencoderKLConfig config;
  private final AttentionKeys keys;
  private final long groups;

  private VaeEncoderGraph(VaeEncoderCheckpoint checkpoint) {
    this.weights = checkpoint.weights();
    this.config = checkpoint.config();
    this.keys = checkpoint.attentionKeys();
    this.groups = config.normNumGroups();
    g.weightPolicy(WeightPolicy.CONVERT_TO_FLOAT);
  }

  /** The encoder graph of {@code checkpoint}. */
  public static Graph build(VaeEncoderCheckpoint checkpoint) {
    return new VaeEncoderGraph(checkpoint).build();
  }

  private Graph build() {
    Value x =
        g.input(
            PIXEL_VALUES,
            DType.F32,
            Shape.of(
                Dim.symbolic("batch"),
                Dim.of(config.inChannels()),
                Dim.symbolic("height"),
                Dim.symbolic("width")));
    List<Integer> widths = config.blockOutChannels();
    Value h = conv(x, "encoder.conv_in", 1, 1);
    long in = widths.get(0);
    for (int b = 0; b < widths.size(); b++) {
      long c = widths.get(b);
      String p = "encoder.down_blocks." + b;
      for (int r = 0; r < config.layersPerBlock(); r++) {
        h = resnet(h, p + ".resnets." + r, r == 0 ? in : c, c);
      }
      if (b < widths.size() - 1) {
        h = g.pad(h, new long[] {0, 0, 0, 0, 0, 0, 1, 1}, 0.0);
        h = conv(h, p + ".downsamplers.0.conv", 2, 0);
      }
      in = c;
    }
    long last = widths.get(widths.size() - 1);
    h = resnet(h, "encoder.mid_block.resnets.0", last, last);
    if (config.midBlockAddAttention()) {
      h = attention(h, "encoder.mid_block.attentions.0.", last);
    }
    h = resnet(h, "encoder.mid_block.resnets.1", last, last);
    h = g.silu(groupNorm(h, "encoder.conv_norm_out"));
    h = conv(h, "encoder.conv_out", 1, 1);
    if (config.useQuantConv()) {
      h = conv(h, "quant_conv", 1, 0);
    }
    long latent = config.latentChannels();
    List<Value> moments = g.split(h, 1, latent, latent);
    g.output(moments.get(0), LATENT_MEAN);
    g.output(
        g.min(g.max(moments.get(1), g.scalar(-30.0, DType.F32)), g.scalar(20.0, DType.F32)),
        LATENT_LOGVAR);
    return g.build();
  }

  private Value resnet(Value x, String p, long in, long c) {
    Value h = g.silu(groupNorm(x, p + ".norm1"));
    h = conv(h, p + ".conv1", 1, 1);
    h = g.silu(groupNorm(h, p + ".norm2"));
    h = conv(h, p + ".conv2", 1, 1);
    Value shortcut = in != c ? conv(x, p + ".conv_shortcut", 1, 0) : x;
    return g.add(shortcut, h);
  }

  /** One head over all H·W pixels, scale C^-½, residual added. */
  private Value attention(Value x, String p, long c) {
    Value h = groupNorm(x, p + "group_norm");
    Value tokens = g.reshape(g.transpose(g.reshape(h, 0, c, -1), 0, 2, 1), 0, -1, c);
    Value q = linear(tokens, p + keys.query(), c);
    Value k = linear(tokens, p + keys.key(), c);
    Value v = linear(tokens, p + keys.value(), c);
    Value o = g.attention(q, k, v, null, 1.0 / Math.sqrt(c));
    o = linear(o, p + keys.output(), c);
    Value image = g.reshape(g.transpose(o, 0, 2, 1), g.shape(x));
    return g.add(image, x);
  }

  private Value linear(Value x, String module, long c) {
    Value w = g.weight(weights, module + ".weight");
    if (w.shape().isRankKnown() && w.rank() == 4) {
      w = g.reshape(w, c, c);
    }
    return g.linear(x, w, g.weight(weights, module + ".bias"));
  }

  private Value conv(Value x, String module, long stride, long pad) {
    return g.conv2d(
        x, g.weight(weights, module + ".weight"), g.weight(weights, module + ".bias"), stride, pad);
  }

  private Value groupNorm(Value x, String module) {
    return g.groupNorm(
        x,
        groups,
        g.weight(weights, module + ".weight"),
        g.weight(weights, module + ".bias"),
        NORM_EPS);
  }
}
