package ai.taskaware.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --checkpoint DIR} option of commands that load a model folder (a picocli mixin). */
public final class CheckpointOption {

  @Option(
      names = "--checkpoint",
      required = true,
      paramLabel = "DIR",
      description = "Model folder (config.json plus safetensors weights).")
  Path folder;

  /** A mixin instance for picocli. */
  public CheckpointOption() {}

  /**
   * The folder, checked to exist.
   *
   * @throws CliInputException naming the option when it is not a directory
   */
  public Path folder() {
    if (!Files.isDirectory(folder)) {
      throw new CliInputException(
          "--checkpoint " + folder + ": not a directory (expected a model folder)");
    }
    return folder;
  }
}
