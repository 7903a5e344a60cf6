package ai.taskaware.diffusion.unet;

import ai.taskaware.core.checkpoint.CheckpointException;
import java.nio.file.Path;

/**
 * A U-Net config asks for a block type or feature outside the SD 1.x/2.x family this package
 * builds. The message names the config key and the value found.
 */
public final class UnsupportedUNetException extends CheckpointException {
  private static final long serialVersionUID = 1L;

  /**
   * @param config the config file
   * @param key the config key
   * @param message what was found and what is supported
   */
  public UnsupportedUNetException(Path config, String key, String message) {
    super(config, key, message);
  }
}
