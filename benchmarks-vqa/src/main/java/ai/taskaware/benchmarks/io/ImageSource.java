package ai.taskaware.benchmarks.io;

import ai.taskaware.core.image.ImageDecoder;
import ai.taskaware.core.image.ImageDecodingException;
import ai.taskaware.core.image.RgbImage;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a benchmark image comes from: a file of the dataset folder, or encoded bytes embedded in a
 * dataset file (a Hugging Face Parquet shard's image column). Either way it is decoded only when a
 * run needs it, as the official scripts' {@code PIL.Image.open(…).convert("RGB")} decodes it (no
 * EXIF rotation).
 */
public final class ImageSource {

  private final Path path;
  private final byte[] encoded;
  private final Path file;
  private final String location;
  private final String column;

  private ImageSource(Path path, byte[] encoded, Path file, String location, String column) {
    this.path = path;
    this.encoded = encoded;
    this.file = file;
    this.location = location;
    this.column = column;
  }

  /** An image file (its existence is checked by the loader, see {@link DatasetRoot}). */
  public static ImageSource file(Path image) {
    if (image == null) {
      throw new IllegalArgumentException("image path must not be null");
    }
    return new ImageSource(image, null, image, "", "");
  }

  /**
   * Encoded image bytes (PNG, JPEG, …) stored in a dataset file.
   *
   * @param file the dataset file holding them
   * @param location where in it, e.g. {@code "row 12"}
   * @param column the column or field holding them
   */
  public static ImageSource embedded(byte[] encoded, Path file, String location, String column) {
    if (encoded == null || encoded.length == 0) {
      throw new BenchmarkDataException(file, location, column, "empty image bytes");
    }
    return new ImageSource(null, encoded, file, location, column);
  }

  /** The image file, empty for an embedded image. */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /**
   * Decodes the image.
   *
   * @param record the benchmark record it belongs to, for error messages
   * @throws BenchmarkDataException naming the record (and for an embedded image the dataset file,
   *     row and column) if the image cannot be decoded
   */
  public RgbImage read(String record) {
    if (path != null) {
      return DatasetRoot.readImage(path, record);
    }
    try {
      return ImageDecoder.decode(encoded, file + ", " + location + ", column " + column, false);
    } catch (ImageDecodingException e) {
      throw new BenchmarkDataException(
          file,
          location,
          column,
          "embedded image of " + record + " cannot be decoded: " + e.getMessage(),
          e);
    }
  }

  @Override
  public String toString() {
    return path != null
        ? path.toString()
        : file + " (" + location + ", column " + column + ", " + encoded.length + " bytes)";
  }
}
