package ai.taskaware.metrics.figure;

import ai.taskaware.core.image.RgbImage;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes figures and images as PNG files, creating missing parent directories. */
public final class PngFile {
  private PngFile() {}

  /** Writes {@code image} to {@code file} as PNG. */
  public static void write(RgbImage image, Path file) {
    write(image.toBufferedImage(), file);
  }

  /**
   * Writes {@code image} to {@code file} as PNG.
   *
   * @throws UncheckedIOException naming the file if it cannot be written
   */
  public static void write(RenderedImage image, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (!ImageIO.write(image, "png", file.toFile())) {
        throw new IOException("no PNG writer accepts this image type");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write PNG " + file + ": " + e.getMessage(), e);
    }
  }
}
