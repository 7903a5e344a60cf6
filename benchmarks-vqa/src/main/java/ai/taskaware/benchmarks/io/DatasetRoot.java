package ai.taskaware.benchmarks.io;

import ai.taskaware.core.image.ImageDecoder;
import ai.taskaware.core.image.ImageDecodingException;
import ai.taskaware.core.image.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A benchmark's folder: resolves the relative paths its files name, refusing absolute paths and
 * {@code ..} steps that would leave the folder, and reads the images they point to.
 *
 * @param root the dataset folder
 */
public record DatasetRoot(Path root) {

  public DatasetRoot {
    if (root == null) {
      throw new IllegalArgumentException("dataset root must not be null");
    }
    root = root.toAbsolutePath().normalize();
  }

  /**
   * Resolves {@code relative}, named by {@code field} at {@code location} of {@code file}.
   *
   * @throws BenchmarkDataException if the path is empty, absolute or leaves the root
   */
  public Path resolve(String relative, Path file, String location, String field) {
    if (relative == null || relative.isEmpty()) {
      throw new BenchmarkDataException(file, location, field, "expected a relative path, got none");
    }
    Path given;
    try {
      given = Path.of(relative);
    } catch (java.nio.file.InvalidPathException e) {
      throw new BenchmarkDataException(
          file, location, field, "not a valid path: '" + relative + "'", e);
    }
    if (given.isAbsolute() || relative.startsWith("/") || relative.startsWith("\\")) {
      throw new BenchmarkDataException(
          file,
          location,
          field,
          "absolute path '" + relative + "' is not allowed in a dataset file");
    }
    Path resolved = root.resolve(given).normalize();
    if (!resolved.startsWith(root)) {
      throw new BenchmarkDataException(
          file,
          location,
          field,
          "path '" + relative + "' resolves outside the dataset root " + root);
    }
    return resolved;
  }

  /**
   * Checks that the image file of a record exists (so a dataset with a missing image fails when it
   * is loaded, not hours into a run).
   *
   * @throws BenchmarkDataException naming the record if the file is missing
   */
  public static Path requireImage(Path image, Path file, String location, String field) {
    if (!Files.isRegularFile(image)) {
      throw new BenchmarkDataException(
          file, location, field, "image file " + image + " is missing");
    }
    return image;
  }

  /**
   * Decodes an image as the official scripts' {@code PIL.Image.open(path).convert("RGB")} does (no
   * EXIF rotation).
   *
   * @throws BenchmarkDataException naming the record if the image cannot be decoded
   */
  public static RgbImage readImage(Path image, String record) {
    try {
      return ImageDecoder.read(image, false);
    } catch (ImageDecodingException e) {
      throw new BenchmarkDataException(image, record, "", "image cannot be decoded", e);
    }
  }
}
