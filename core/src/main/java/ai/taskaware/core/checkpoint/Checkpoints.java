package ai.taskaware.core.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Opens the weights of a model given what a user points at: a {@code .safetensors} file, a {@code
 * .safetensors.index.json}, or a Hugging Face / diffusers model folder.
 */
public final class Checkpoints {

  /** Single-file names, in the order they are tried in a folder. */
  static final List<String> SINGLE_FILE_NAMES =
      List.of("model.safetensors", "diffusion_pytorch_model.safetensors");

  private static final String INDEX_SUFFIX = ".safetensors.index.json";

  private Checkpoints() {}

  /**
   * Opens the weights at {@code fileOrFolder}: a {@code *.safetensors} file, a {@code
   * *.safetensors.index.json}, or a folder holding {@code model.safetensors}, {@code
   * diffusion_pytorch_model.safetensors} or exactly one {@code *.safetensors.index.json} (tried in
   * that order).
   *
   * @throws CheckpointException listing what was looked for when nothing matches, or naming the
   *     file that is malformed
   */
  public static TensorSource openWeights(Path fileOrFolder) {
    if (Files.isDirectory(fileOrFolder)) {
      return openFolder(fileOrFolder);
    }
    String name = fileOrFolder.getFileName() == null ? "" : fileOrFolder.getFileName().toString();
    if (!Files.exists(fileOrFolder)) {
      throw new CheckpointException(fileOrFolder, null, "no such file or folder");
    }
    if (name.endsWith(INDEX_SUFFIX)) {
      return ShardedCheckpoint.open(fileOrFolder);
    }
    if (name.endsWith(".safetensors")) {
      return SafetensorsFile.open(fileOrFolder);
    }
    throw new CheckpointException(
        fileOrFolder,
        null,
        "expected a *.safetensors file, a *" + INDEX_SUFFIX + " file or a model folder");
  }

  private static TensorSource openFolder(Path folder) {
    for (String single : SINGLE_FILE_NAMES) {
      Path p = folder.resolve(single);
      if (Files.isRegularFile(p)) {
        return SafetensorsFile.open(p);
      }
    }
    List<Path> indexes;
    try (Stream<Path> files = Files.list(folder)) {
      indexes =
          files
              .filter(p -> p.getFileName().toString().endsWith(INDEX_SUFFIX))
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new CheckpointException(folder, null, "cannot list folder: " + e.getMessage(), e);
    }
    if (indexes.size() == 1) {
      return ShardedCheckpoint.open(indexes.get(0));
    }
    if (indexes.size() > 1) {
      throw new CheckpointException(
          folder,
          null,
          "several sharded checkpoints "
              + indexes.stream().map(p -> p.getFileName().toString()).toList()
              + "; pass the index file to open");
    }
    throw new CheckpointException(
        folder,
        null,
        "no weights found: looked for "
            + String.join(", ", SINGLE_FILE_NAMES)
            + " and *"
            + INDEX_SUFFIX);
  }
}
