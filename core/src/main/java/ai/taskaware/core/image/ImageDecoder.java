package ai.taskaware.core.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads PNG, JPEG, BMP, GIF (first frame) and WebP files into {@link RgbImage}s, converted as
 * Pillow 9.4's {@code Image.open(f).convert("RGB")} converts them (see {@link RgbImage#of}): alpha
 * is dropped, not composited; grey is replicated; palettes are looked up (transparency ignored);
 * CMYK JPEGs use Pillow's naive CMYK formula; embedded ICC profiles are ignored, as Pillow's {@code
 * convert} ignores them (Java's JPEG readers would otherwise colour-convert through them); a GIF's
 * first frame is placed on its logical screen as Pillow shows it.
 *
 * <p>EXIF orientation: {@code PIL.Image.open} does <em>not</em> rotate images by their EXIF
 * orientation tag; {@code PIL.ImageOps.exif_transpose} does. The {@code applyExifOrientation}
 * option chooses between the two; it is on by default (the usual intent of a photo), so pass {@code
 * false} to match a pipeline that calls plain {@code Image.open}.
 *
 * <p>Decoder differences: JPEG decoders differ in principle (Pillow uses libjpeg-turbo, this class
 * the JDK's libjpeg-based reader, TwelveMonkeys as fallback), so decoded JPEG pixels may differ
 * from Pillow's by a few levels; for baseline and progressive 4:2:0, 4:2:2 and 4:4:4 JPEGs tested
 * they were identical. Lossy WebP is decoded by TwelveMonkeys' VP8 decoder, not libwebp, and
 * differs noticeably (a mean of about 3 levels on a photo). The JDK's GIF reader mis-orders rows of
 * interlaced frames only a few rows high. Lossless formats otherwise decode to exactly Pillow's
 * values.
 */
public final class ImageDecoder {
  private ImageDecoder() {}

  /**
   * Reads an image file, applying its EXIF orientation.
   *
   * @throws ImageDecodingException if the file cannot be read or decoded
   */
  public static RgbImage read(Path file) {
    return read(file, true);
  }

  /**
   * Reads an image file.
   *
   * @param applyExifOrientation whether to rotate/flip by the EXIF orientation tag, as {@code
   *     ImageOps.exif_transpose} does
   * @throws ImageDecodingException if the file cannot be read or decoded
   */
  public static RgbImage read(Path file, boolean applyExifOrientation) {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
    byte[] encoded;
    try {
      encoded = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ImageDecodingException(file.toString(), "unknown", "cannot read the file: " + e, e);
    }
    return decode(encoded, file.toString(), applyExifOrientation);
  }

  /**
   * Reads an encoded image from a stream (read to its end, not closed), applying its EXIF
   * orientation.
   *
   * @param sourceName the name used in error messages, e.g. a URL or an archive entry
   * @throws ImageDecodingException if the stream cannot be read or decoded
   */
  public static RgbImage read(InputStream in, String sourceName) {
    return read(in, sourceName, true);
  }

  /**
   * Reads an encoded image from a stream (read to its end, not closed).
   *
   * @param sourceName the name used in error messages
   * @param applyExifOrientation whether to apply the EXIF orientation tag
   * @throws ImageDecodingException if the stream cannot be read or decoded
   */
  public static RgbImage read(InputStream in, String sourceName, boolean applyExifOrientation) {
    if (in == null) {
      throw new IllegalArgumentException("in must not be null");
    }
    byte[] encoded;
    try {
      encoded = in.readAllBytes();
    } catch (IOException e) {
      throw new ImageDecodingException(
          String.valueOf(sourceName), "unknown", "cannot read the stream: " + e, e);
    }
    return decode(encoded, sourceName, applyExifOrientation);
  }

  /**
   * Decodes an encoded image held in memory, applying its EXIF orientation.
   *
   * @param sourceName the name used in error messages
   * @throws ImageDecodingException if the bytes cannot be decoded
   */
  public static RgbImage decode(byte[] encoded, String sourceName) {
    return decode(encoded, sourceName, true);
  }

  /**
   * Decodes an encoded image held in memory.
   *
   * @param sourceName the name used in error messages
   * @param applyExifOrientation whether to apply the EXIF orientation tag
   * @throws ImageDecodingException if the bytes cannot be decoded
   */
  public static RgbImage decode(byte[] encoded, String sourceName, boolean applyExifOrientation) {
    if (encoded == null) {
      throw new IllegalArgumentException("encoded must not be null");
    }
    String source = String.valueOf(sourceName);
    ImageFormat format = ImageFormat.detect(encoded);
    if (!format.supported()) {
      throw new ImageDecodingException(
          source,
          format.displayName(),
          "not a PNG, JPEG, BMP, GIF or WebP image (first bytes "
              + ImageFormat.hexPrefix(encoded)
              + ")",
          null);
    }
    RgbImage image = decodeFirstImage(encoded, source, format);
    return applyExifOrientation
        ? ExifOrientation.apply(image, ExifOrientation.read(encoded))
        : image;
  }

  private static RgbImage decodeFirstImage(byte[] encoded, String source, ImageFormat format) {
    if (format != ImageFormat.JPEG) {
      return decodeWith(preferredReader(format, "com.twelvemonkeys"), encoded, source, format);
    }
    byte[] jpeg = JpegSegments.withoutIccProfile(encoded);
    try {
      // The JDK reader returns CMYK and YCCK JPEGs as raw CMYK samples (after libjpeg's YCCK
      // conversion, as Pillow gets them), which Pillow's CMYK formula needs.
      return decodeWith(preferredReader(format, "com.sun.imageio"), jpeg, source, format);
    } catch (ImageDecodingException jdkFailure) {
      // TwelveMonkeys tolerates damaged markers the JDK reader rejects; it converts CMYK to RGB
      // itself, so such a file may differ from Pillow by a level.
      try {
        return decodeWith(preferredReader(format, "com.twelvemonkeys"), jpeg, source, format);
      } catch (ImageDecodingException twelveMonkeysFailure) {
        twelveMonkeysFailure.addSuppressed(jdkFailure);
        throw twelveMonkeysFailure;
      }
    }
  }

  private static RgbImage decodeWith(
      ImageReader reader, byte[] encoded, String source, ImageFormat format) {
    if (reader == null) {
      throw new ImageDecodingException(
          source, format.displayName(), "no ImageIO reader is installed for this format", null);
    }
    try (ImageInputStream stream =
        ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
      // GIF needs its metadata: Pillow shows the first frame on the logical screen.
      reader.setInput(stream, true, format != ImageFormat.GIF);
      BufferedImage image = reader.read(0);
      if (image == null) {
        throw new ImageDecodingException(
            source, format.displayName(), "no image in the file", null);
      }
      return format == ImageFormat.GIF
          ? GifScreen.firstFrame(image, reader.getStreamMetadata(), reader.getImageMetadata(0))
          : RgbImage.of(image);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ImageDecodingException decodingException) {
        throw decodingException;
      }
      throw new ImageDecodingException(
          source,
          format.displayName(),
          "corrupt or unsupported " + format.displayName() + " data: " + e.getMessage(),
          e);
    } finally {
      reader.dispose();
    }
  }

  /** The installed reader whose class starts with {@code preferredPackage}, else any reader. */
  private static ImageReader preferredReader(ImageFormat format, String preferredPackage) {
    ImageReader chosen = null;
    for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format.readerName());
        it.hasNext(); ) {
      ImageReader reader = it.next();
      if (reader.getClass().getName().startsWith(preferredPackage)) {
        if (chosen != null) {
          chosen.dispose();
        }
        return reader;
      }
      if (chosen == null) {
        chosen = reader;
      } else {
        reader.dispose();
      }
    }
    return chosen;
  }
}
