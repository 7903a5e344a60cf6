package ai.taskaware.core.image;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/** The EXIF orientation tag and the pixel transform {@code ImageOps.exif_transpose} applies. */
final class ExifOrientation {
  static final int NORMAL = 1;

  private ExifOrientation() {}

  /**
   * The orientation tag (1..8) of an encoded image, or {@link #NORMAL} when it has none or its
   * metadata is unreadable: a broken EXIF block must not make the pixels unreadable.
   */
  static int read(byte[] encoded) {
    try {
      Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(encoded));
      for (ExifIFD0Directory directory : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
        if (directory.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
          int orientation = directory.getInt(ExifIFD0Directory.TAG_ORIENTATION);
          return orientation >= 1 && orientation <= 8 ? orientation : NORMAL;
        }
      }
    } catch (ImageProcessingException | IOException | MetadataException | RuntimeException e) {
      return NORMAL;
    }
    return NORMAL;
  }

  /**
   * Applies orientation {@code orientation} as Pillow's {@code exif_transpose} does: 2 mirror, 3
   * rotate 180°, 4 flip vertically, 5 transpose, 6 rotate 90° clockwise, 7 transverse, 8 rotate 90°
   * counter-clockwise.
   */
  static RgbImage apply(RgbImage image, int orientation) {
    if (orientation == NORMAL) {
      return image;
    }
    int w = image.width();
    int h = image.height();
    boolean swaps = orientation >= 5;
    int outWidth = swaps ? h : w;
    int outHeight = swaps ? w : h;
    byte[] in = image.pixels();
    byte[] out = new byte[in.length];
    int o = 0;
    for (int y = 0; y < outHeight; y++) {
      for (int x = 0; x < outWidth; x++, o += RgbImage.CHANNELS) {
        int sx;
        int sy;
        switch (orientation) {
          case 2 -> {
            sx = w - 1 - x;
            sy = y;
          }
          case 3 -> {
            sx = w - 1 - x;
            sy = h - 1 - y;
          }
          case 4 -> {
            sx = x;
            sy = h - 1 - y;
          }
          case 5 -> {
            sx = y;
            sy = x;
          }
          case 6 -> {
            sx = y;
            sy = h - 1 - x;
          }
          case 7 -> {
            sx = w - 1 - y;
            sy = h - 1 - x;
          }
          case 8 -> {
            sx = w - 1 - y;
            sy = x;
          }
          default ->
              throw new IllegalArgumentException(
                  "EXIF orientation must be 1..8, got " + orientation);
        }
        System.arraycopy(in, (sy * w + sx) * RgbImage.CHANNELS, out, o, RgbImage.CHANNELS);
      }
    }
    return new RgbImage(out, outWidth, outHeight);
  }
}
