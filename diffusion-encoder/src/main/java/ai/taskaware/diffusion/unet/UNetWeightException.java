package ai.taskaware.diffusion.unet;

import ai.taskaware.core.checkpoint.CheckpointException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * A weight the U-Net config requires is missing from the checkpoint, or has another shape than the
 * config implies. The message names the tensor and both shapes.
 */
public final class UNetWeightException extends CheckpointException {
  private static final long serialVersionUID = 1L;

  private final long[] expected;
  private final long[] actual;

  /**
   * @param file the weights file or folder
   * @param tensor the tensor's key
   * @param expected the shape the config implies
   * @param actual the shape in the checkpoint, or null when the tensor is missing
   */
  public UNetWeightException(Path file, String tensor, long[] expected, long[] actual) {
    super(
        file,
        tensor,
        actual == null
            ? "missing; the config needs it with shape " + Arrays.toString(expected)
            : "has shape "
                + Arrays.toString(actual)
                + " but the config implies "
                + Arrays.toString(expected));
    this.expected = expected.clone();
    this.actual = actual == null ? null : actual.clone();
  }

  /** The shape the config implies. */
  public long[] expected() {
    return expected.clone();
  }

  /** The shape in the checkpoint, empty when the tensor is missing. */
  public Optional<long[]> actual() {
    return Optional.ofNullable(actual).map(long[]::clone);
  }
}
