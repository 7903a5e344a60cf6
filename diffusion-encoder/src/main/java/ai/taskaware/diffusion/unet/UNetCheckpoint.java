package ai.taskaware.diffusion.unet;

import ai.taskaware.core.checkpoint.CheckpointException;
import ai.taskaware.core.checkpoint.Checkpoints;
import ai.taskaware.core.checkpoint.TensorInfo;
import ai.taskaware.core.checkpoint.TensorSource;
import ai.taskaware.core.checkpoint.config.UNet2DConditionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A diffusers {@code unet/} folder opened and checked: its {@code config.json} is resolved into a
 * {@link UNetLayout} (unsupported features rejected by name) and every weight the layout needs is
 * checked for presence, floating-point dtype and shape before any graph is built. Extra tensors and
 * files are ignored. The weights stay memory-mapped until {@link #close}.
 */
public final class UNetCheckpoint implements AutoCloseable {

  private final Path folder;
  private final UNetLayout layout;
  private final TensorSource weights;

  private UNetCheckpoint(Path folder, UNetLayout layout, TensorSource weights) {
    this.folder = folder;
    this.layout = layout;
    this.weights = weights;
  }

  /**
   * Opens {@code unetFolder}: {@code config.json} plus {@code diffusion_pytorch_model.safetensors}
   * (or a sharded index), fp32, fp16 or bf16.
   *
   * @throws CheckpointException when the config or weights cannot be read
   * @throws UnsupportedUNetException when the config is outside the SD 1.x/2.x family
   * @throws UNetWeightException naming the tensor and both shapes when a weight is missing or
   *     mis-shaped
   */
  public static UNetCheckpoint open(Path unetFolder) {
    Path configFile = unetFolder.resolve("config.json");
    if (!Files.isRegularFile(configFile)) {
      throw new CheckpointException(
          unetFolder, null, "not a diffusers unet folder: config.json is missing");
    }
    UNetLayout layout = UNetLayout.of(UNet2DConditionConfig.read(configFile), configFile);
    TensorSource weights = Checkpoints.openWeights(unetFolder);
    try {
      check(unetFolder, layout, weights);
    } catch (RuntimeException e) {
      weights.close();
      throw e;
    }
    return new UNetCheckpoint(unetFolder, layout, weights);
  }

  private static void check(Path folder, UNetLayout layout, TensorSource weights) {
    for (Map.Entry<String, long[]> e : layout.expectedWeights().entrySet()) {
      String name = e.getKey();
      if (!weights.contains(name)) {
        throw new UNetWeightException(folder, name, e.getValue(), null);
      }
      TensorInfo info = weights.info(name);
      if (!Arrays.equals(info.shape(), e.getValue())) {
        throw new UNetWeightException(info.file(), name, e.getValue(), info.shape());
      }
      if (!info.dtype().isFloatingPoint()) {
        throw new CheckpointException(
            info.file(), name, "dtype " + info.dtype() + ", expected a floating-point type");
      }
    }
  }

  /** The folder it was opened from. */
  public Path folder() {
    return folder;
  }

  /** The resolved architecture and its taps. */
  public UNetLayout layout() {
    return layout;
  }

  /** The weights, memory-mapped, valid until {@link #close}. */
  public TensorSource weights() {
    return weights;
  }

  /** Unmaps the weights; graphs built from them must have been emitted before. */
  @Override
  public void close() {
    weights.close();
  }
}
