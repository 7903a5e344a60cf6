package ai.taskaware.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --out FILE} option of commands that write one result file (a picocli mixin). */
public final class OutputOption {

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "File to write.")
  Path file;

  /** A mixin instance for picocli. */
  public OutputOption() {}

  /**
   * The file, with its parent folders created.
   *
   * @throws CliInputException naming the option when it is a directory
   * @throws UncheckedIOException when the parent folders cannot be created
   */
  public Path file() {
    if (Files.isDirectory(file)) {
      throw new CliInputException("--out " + file + ": is a directory (expected a file name)");
    }
    Path parent = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new UncheckedIOException("--out " + file + ": cannot create folder " + parent, e);
    }
    return file;
  }
}
