package ai.taskaware.diffusion.unet;

import ai.taskaware.diffusion.tap.TapName;
import ai.taskaware.diffusion.tap.TapType;
import java.util.Collection;
import java.util.List;

/**
 * Builds diffusers' {@code UNet2DConditionModel} forward pass (SD 1.x/2.x family) as a graph.
 *
 * <p>What the graph computes, module by module, is diffusers 0.27's: sinusoidal {@code time_proj}
 * (float32, cos first when {@code flip_sin_to_cos}), {@code time_embedding} (linear, SiLU, linear),
 * {@code conv_in}, the down blocks (ResnetBlock2D with the time projection added after conv1;
 * Transformer2DModel with GroupNorm eps 1e-6, linear or 1×1-conv projections,
 * BasicTransformerBlocks of self-attention, cross-attention on the text and a GEGLU feed-forward
 * with exact-erf GELU; stride-2 downsampling), the mid block, the up blocks (concatenating {@code
 * [h, skip]} with skips popped from the end; nearest ×2 upsampling then conv), {@code
 * conv_norm_out}, SiLU and {@code conv_out}. Attention scores and softmax are float32 throughout,
 * which is what {@code upcast_attention} asks for.
 *
 * <p>Two things are fixed at build time. The timestep embedding is looked up in a float32 table of
 * {@code trainTimesteps} rows computed as diffusers' {@code get_timestep_embedding} does, so
 * timesteps must be integers in {@code [0, trainTimesteps)} (the graph IR has no Sin/Cos op; the
 * table makes the embedding exact). Latent sides need not be multiples of the total downsampling:
 * as in diffusers, each upsampler's output is cut to the size of the skip it meets.
 *
 * <p>A slice builds only the prefix of the forward pass up to the deepest requested tap: later
 * blocks are not in the graph at all. Taps that depend only on the timestep or the text ({@code
 * time_proj}, {@code time_embedding}, cross-attention keys and values) need no U-Net prefix.
 */
public final class UNetGraph {

  /** Name of the latent input, float32 B×C×H×W. */
  public static final String SAMPLE = "sample";

  /** Name of the timestep input, int64 scalar or one per batch row. */
  public static final String TIMESTEP = "timestep";

  /** Name of the text-embedding input, float32 B×S×D. */
  public static final String ENCODER_HIDDEN_STATES = "encoder_hidden_states";

  /** Rows of the timestep table unless told otherwise: DDPM's {@code num_train_timesteps}. */
  public static final int DEFAULT_TRAIN_TIMESTEPS = 1000;

  private UNetGraph() {}

  /** The whole U-Net with the single output {@code noise_pred}. */
  public static UNetSlice full(UNetCheckpoint checkpoint) {
    return slice(checkpoint, List.of(TapName.model(TapType.NOISE_PRED)));
  }

  /**
   * The smallest prefix of the U-Net that computes {@code taps}, one graph output per tap named by
   * its {@link TapName#toString() canonical spelling}; include {@code noise_pred} for the full
   * pass.
   *
   * @throws ai.taskaware.diffusion.tap.UnknownTapException listing the U-Net's taps when one of
   *     {@code taps} does not exist in it
   * @throws IllegalArgumentException when {@code taps} is empty
   */
  public static UNetSlice slice(UNetCheckpoint checkpoint, Collection<TapName> taps) {
    return slice(checkpoint, taps, DEFAULT_TRAIN_TIMESTEPS);
  }

  /**
   * As {@link #slice(UNetCheckpoint, Collection)}, with a timestep table of {@code trainTimesteps}
   * rows (the scheduler's {@code num_train_timesteps}).
   */
  public static UNetSlice slice(
      UNetCheckpoint checkpoint, Collection<TapName> taps, int trainTimesteps) {
    if (taps.isEmpty()) {
      throw new IllegalArgumentException("no taps requested");
    }
    if (trainTimesteps < 1) {
      throw new IllegalArgumentException("trainTimesteps must be >= 1, got " + trainTimesteps);
    }
    for (TapName t : taps) {
      checkpoint.layout().require(t);
    }
    return new UNetForward(checkpoint, List.copyOf(taps), trainTimesteps).build();
  }
}
