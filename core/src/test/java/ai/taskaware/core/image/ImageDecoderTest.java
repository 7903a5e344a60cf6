package ai.taskaware.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import javax.imageio.metadata.IIOMetadataNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decoding and RGB conversion. Images written here by Java's encoders are checked against the value
 * Pillow 9.4's {@code convert("RGB")} gives for the same file (each rule below was confirmed by
 * decoding the same kind of file with Pillow 9.4.0); the files under {@code image/decoding/} were
 * made by Pillow itself with their expected pixels ({@code make_fixtures.py}).
 */
class ImageDecoderTest {
  private static final int W = 7;
  private static final int H = 5;

  @TempDir Path dir;

  @Test
  void pngAlphaIsDroppedNotComposited() throws IOException {
    BufferedImage argb = new BufferedImage(W, H, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int alpha = x * 40; // alpha 0 in column 0: compositing would turn those pixels black
        argb.setRGB(x, y, (alpha << 24) | ((x * 30) << 16) | ((y * 50) << 8) | (200 - x - y));
      }
    }
    RgbImage image = ImageDecoder.read(write(argb, "png"));
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        assertThat(rgbAt(image, x, y)).containsExactly(x * 30, y * 50, 200 - x - y);
      }
    }
  }

  @Test
  void grayscaleIsReplicatedWithoutGamma() throws IOException {
    BufferedImage gray = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
    fill(gray, (x, y) -> x * 36 + y);
    RgbImage image = ImageDecoder.read(write(gray, "png"));
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int v = x * 36 + y;
        assertThat(rgbAt(image, x, y)).containsExactly(v, v, v);
      }
    }
  }

  @Test
  void sixteenBitGraySaturatesLikePillowModeI() throws IOException {
    // Pillow 9.4 opens 16-bit grey PNG as mode "I"; I -> RGB clips to 0..255.
    BufferedImage gray16 = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY);
    fill(gray16, (x, y) -> x * 60 + y * 9000);
    RgbImage image = ImageDecoder.read(write(gray16, "png"));
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int v = Math.min(x * 60 + y * 9000, 255);
        assertThat(rgbAt(image, x, y)).containsExactly(v, v, v);
      }
    }
  }

  @Test
  void sixteenBitRgbaKeepsTheHighByte() throws IOException {
    // Pillow 9.4 reads 16-bit RGBA PNG with raw mode "RGBA;16B": the high byte of each sample.
    ColorModel model =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            true,
            false,
            Transparency.TRANSLUCENT,
            DataBuffer.TYPE_USHORT);
    WritableRaster raster = model.createCompatibleWritableRaster(W, H);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        raster.setPixel(x, y, new int[] {x * 9000 + y, y * 13000 + x * 200, 65535 - x * 5000, 77});
      }
    }
    RgbImage image = ImageDecoder.read(write(new BufferedImage(model, raster, false, null), "png"));
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        assertThat(rgbAt(image, x, y))
            .containsExactly(
                (x * 9000 + y) >> 8, (y * 13000 + x * 200) >> 8, (65535 - x * 5000) >> 8);
      }
    }
  }

  @Test
  void twoBitGrayIsStretchedToFullRange() throws IOException {
    byte[] levels = {0, 85, (byte) 170, (byte) 255};
    IndexColorModel grayPalette = new IndexColorModel(2, 4, levels, levels, levels);
    BufferedImage gray2 = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_BINARY, grayPalette);
    fill(gray2, (x, y) -> (x + y) % 4);
    RgbImage image = ImageDecoder.read(write(gray2, "png"));
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int v = 85 * ((x + y) % 4);
        assertThat(rgbAt(image, x, y)).containsExactly(v, v, v);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"png", "gif", "bmp"})
  void palettedImagesAreLookedUpIgnoringTransparency(String format) throws IOException {
    IndexColorModel palette = format.equals("bmp") ? opaque(testPalette()) : testPalette();
    BufferedImage indexed = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, palette);
    fill(indexed, (x, y) -> (x * y + x) % 4);
    RgbImage image = ImageDecoder.read(write(indexed, format));
    assertThat(image.width()).isEqualTo(W);
    assertThat(image.height()).isEqualTo(H);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int index = (x * y + x) % 4;
        assertThat(rgbAt(image, x, y))
            .as("%s pixel (%d, %d)", format, x, y)
            .containsExactly(
                palette.getRed(index), palette.getGreen(index), palette.getBlue(index));
      }
    }
  }

  @Test
  void bmpTrueColourRoundTrips() throws IOException {
    RgbImage source = gradient(W, H);
    assertThat(ImageDecoder.read(write(source.toBufferedImage(), "bmp"))).isEqualTo(source);
  }

  @Test
  void gifReadsTheFirstFrame() throws IOException {
    IndexColorModel palette = testPalette();
    BufferedImage first = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, palette);
    fill(first, (x, y) -> 1);
    BufferedImage second = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, palette);
    fill(second, (x, y) -> 2);
    Path gif = dir.resolve("two-frames.gif");
    var writer = ImageIO.getImageWritersByFormatName("gif").next();
    try (var out = ImageIO.createImageOutputStream(gif.toFile())) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      writer.writeToSequence(new javax.imageio.IIOImage(first, null, null), null);
      writer.writeToSequence(new javax.imageio.IIOImage(second, null, null), null);
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
    RgbImage image = ImageDecoder.read(gif);
    assertThat(rgbAt(image, 3, 2))
        .containsExactly(palette.getRed(1), palette.getGreen(1), palette.getBlue(1));
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 2})
  void gifFirstFrameIsShownOnItsLogicalScreen(int transparentIndex) throws Exception {
    // Pillow 9.4: the screen is filled with the transparent index (else index 0) and the frame's
    // indices are written at its offset; convert("RGB") then looks every index up.
    byte[] r = {0, 60, 120, (byte) 180};
    byte[] g = {(byte) 255, (byte) 205, (byte) 155, 105};
    byte[] b = {0, 20, 80, (byte) 180};
    IndexColorModel palette = new IndexColorModel(8, 4, r, g, b, transparentIndex);
    BufferedImage frame = new BufferedImage(5, 3, BufferedImage.TYPE_BYTE_INDEXED, palette);
    fill(frame, (x, y) -> (x + y) % 4);
    Path gif = writeGifOnScreen(frame, 3, 2, 10, 8);
    RgbImage image = ImageDecoder.read(gif);
    assertThat(image.width()).isEqualTo(10);
    assertThat(image.height()).isEqualTo(8);
    int fillIndex = Math.max(transparentIndex, 0);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 10; x++) {
        boolean inFrame = x >= 3 && x < 8 && y >= 2 && y < 5;
        int index = inFrame ? (x - 3 + y - 2) % 4 : fillIndex;
        assertThat(rgbAt(image, x, y))
            .as("pixel (%d, %d)", x, y)
            .containsExactly(r[index] & 0xFF, g[index] & 0xFF, b[index] & 0xFF);
      }
    }
  }

  /** A non-interlaced GIF whose only frame sits at (left, top) on a larger logical screen. */
  private Path writeGifOnScreen(BufferedImage frame, int left, int top, int width, int height)
      throws Exception {
    var writer = ImageIO.getImageWritersByFormatName("gif").next();
    String imageFormat = "javax_imageio_gif_image_1.0";
    var imageMetadata =
        writer.getDefaultImageMetadata(new javax.imageio.ImageTypeSpecifier(frame), null);
    var imageTree = (IIOMetadataNode) imageMetadata.getAsTree(imageFormat);
    var descriptor = (IIOMetadataNode) imageTree.getElementsByTagName("ImageDescriptor").item(0);
    descriptor.setAttribute("imageLeftPosition", Integer.toString(left));
    descriptor.setAttribute("imageTopPosition", Integer.toString(top));
    descriptor.setAttribute("interlaceFlag", "FALSE");
    imageMetadata.setFromTree(imageFormat, imageTree);
    String streamFormat = "javax_imageio_gif_stream_1.0";
    var streamMetadata = writer.getDefaultStreamMetadata(null);
    var streamTree = (IIOMetadataNode) streamMetadata.getAsTree(streamFormat);
    var screens = streamTree.getElementsByTagName("LogicalScreenDescriptor");
    var screen =
        screens.getLength() > 0
            ? (IIOMetadataNode) screens.item(0)
            : new IIOMetadataNode("LogicalScreenDescriptor");
    screen.setAttribute("logicalScreenWidth", Integer.toString(width));
    screen.setAttribute("logicalScreenHeight", Integer.toString(height));
    screen.setAttribute("colorResolution", "8");
    screen.setAttribute("pixelAspectRatio", "0");
    if (screens.getLength() == 0) {
      streamTree.appendChild(screen);
    }
    streamMetadata.setFromTree(streamFormat, streamTree);
    Path gif = Files.createTempFile(dir, "screen", ".gif");
    try (var out = ImageIO.createImageOutputStream(gif.toFile())) {
      writer.setOutput(out);
      writer.write(streamMetadata, new javax.imageio.IIOImage(frame, null, imageMetadata), null);
    } finally {
      writer.dispose();
    }
    return gif;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "cmyk.jpg",
        "ycck.jpg",
        "icc.jpg",
        "lossless.webp",
        "orientation1.png",
        "orientation2.png",
        "orientation3.png",
        "orientation4.png",
        "orientation5.png",
        "orientation6.png",
        "orientation7.png",
        "orientation8.png"
      })
  void pillowMadeFilesDecodeToPillowsPixels(String name) throws IOException {
    // CMYK and YCCK JPEGs: Pillow's naive CMYK formula; icc.jpg: the embedded profile is
    // ignored as Pillow ignores it; orientationN.png: eXIf orientation N applied as
    // ImageOps.exif_transpose applies it.
    RgbImage image = ImageDecoder.decode(resource(name), name);
    byte[] expected = resource(name + ".rgb");
    assertThat(image.toHwcBytes()).isEqualTo(expected);
  }

  @Test
  void exifOrientationIsOnlyAppliedWhenAsked() throws IOException {
    RgbImage raw = ImageDecoder.decode(resource("orientation6.png"), "o6", false);
    assertThat(raw.width()).isEqualTo(5);
    assertThat(raw.height()).isEqualTo(3);
    RgbImage rotated = ImageDecoder.decode(resource("orientation6.png"), "o6");
    assertThat(rotated.width()).isEqualTo(3);
    assertThat(rotated.height()).isEqualTo(5);
    // Orientation 6 = rotate 90° clockwise: the source's bottom-left pixel becomes the top-left.
    assertThat(rgbAt(rotated, 0, 0)).containsExactly(rgbAt(raw, 0, 2));
  }

  @Test
  void jpegWithConstructedExifOrientationIsRotated() throws IOException {
    // Four flat 8x8 quadrants, far apart in colour, stay recognisable through JPEG's chroma
    // subsampling (within 24 levels) at the sampled quadrant centres.
    int[][] colours = {{250, 10, 10}, {10, 250, 10}, {10, 10, 250}, {240, 240, 20}};
    byte[] hwc = new byte[16 * 16 * 3];
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        int[] c = colours[(y / 8) * 2 + x / 8];
        for (int ch = 0; ch < 3; ch++) {
          hwc[(y * 16 + x) * 3 + ch] = (byte) c[ch];
        }
      }
    }
    RgbImage source = new RgbImage(16, 16, hwc);
    byte[] jpeg =
        withExifOrientation(Files.readAllBytes(write(source.toBufferedImage(), "jpg")), 8);
    RgbImage upright = ImageDecoder.decode(jpeg, "rotated.jpg", false);
    RgbImage rotated = ImageDecoder.decode(jpeg, "rotated.jpg");
    // Orientation 8 = rotate 90° counter-clockwise: the top-right quadrant moves to the top-left.
    assertClose(rgbAt(upright, 12, 4), colours[1]);
    assertClose(rgbAt(rotated, 4, 4), colours[1]);
    assertClose(rgbAt(rotated, 4, 12), colours[0]);
    assertClose(rgbAt(rotated, 12, 12), colours[2]);
  }

  @Test
  void lossyWebpDecodesCloseToLibwebp() throws IOException {
    // TwelveMonkeys' VP8 decoder is not libwebp: only closeness is promised for lossy WebP.
    RgbImage image = ImageDecoder.decode(resource("lossy.webp"), "lossy.webp");
    byte[] expected = resource("lossy.webp.rgb");
    byte[] actual = image.toHwcBytes();
    assertThat(actual).hasSameSizeAs(expected);
    long sum = 0;
    for (int i = 0; i < expected.length; i++) {
      sum += Math.abs((expected[i] & 0xFF) - (actual[i] & 0xFF));
    }
    assertThat((double) sum / expected.length).isLessThan(12.0);
  }

  @Test
  void readFromStreamMatchesReadFromFile() throws IOException {
    Path png = write(gradient(W, H).toBufferedImage(), "png");
    try (InputStream in = Files.newInputStream(png)) {
      assertThat(ImageDecoder.read(in, "stream")).isEqualTo(ImageDecoder.read(png));
    }
  }

  @Test
  void truncatedPngNamesFileAndFormat() throws IOException {
    byte[] png = Files.readAllBytes(write(gradient(40, 30).toBufferedImage(), "png"));
    Path broken = dir.resolve("broken.png");
    Files.write(broken, Arrays.copyOf(png, png.length / 2));
    assertThatThrownBy(() -> ImageDecoder.read(broken))
        .isInstanceOf(ImageDecodingException.class)
        .hasMessageContaining(broken.toString())
        .hasMessageContaining("PNG")
        .satisfies(e -> assertThat(((ImageDecodingException) e).format()).isEqualTo("PNG"));
  }

  @Test
  void garbageAndUnsupportedFormatsAreNamed() throws IOException {
    Path text = dir.resolve("notes.jpg");
    Files.writeString(text, "hello, not an image");
    assertThatThrownBy(() -> ImageDecoder.read(text))
        .isInstanceOf(ImageDecodingException.class)
        .hasMessageContaining(text.toString())
        .hasMessageContaining("unknown");
    Path tiff = dir.resolve("scan.tif");
    Files.write(tiff, new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0});
    assertThatThrownBy(() -> ImageDecoder.read(tiff))
        .isInstanceOf(ImageDecodingException.class)
        .hasMessageContaining(tiff.toString())
        .hasMessageContaining("TIFF");
    Path missing = dir.resolve("missing.png");
    assertThatThrownBy(() -> ImageDecoder.read(missing))
        .isInstanceOf(ImageDecodingException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void corruptJpegBodyIsATypedError() {
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'};
    assertThatThrownBy(() -> ImageDecoder.decode(jpeg, "cut.jpg"))
        .isInstanceOf(ImageDecodingException.class)
        .hasMessageContaining("cut.jpg")
        .hasMessageContaining("JPEG");
  }

  /** Inserts an APP1 Exif segment (little-endian TIFF, one IFD0 entry: Orientation) after SOI. */
  static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    ByteBuffer tiff = ByteBuffer.allocate(26).order(ByteOrder.LITTLE_ENDIAN);
    tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8); // header, IFD0 at 8
    tiff.putShort((short) 1); // one entry
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation);
    tiff.putShort((short) 0).putInt(0); // value padding, no next IFD
    byte[] exifHeader = {'E', 'x', 'i', 'f', 0, 0};
    int length = 2 + exifHeader.length + tiff.capacity();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.write(0xFF);
    out.write(0xE1);
    out.write(length >> 8);
    out.write(length & 0xFF);
    out.writeBytes(exifHeader);
    out.writeBytes(tiff.array());
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  private static void assertClose(int[] actual, int[] expected) {
    for (int c = 0; c < 3; c++) {
      assertThat(actual[c]).isBetween(expected[c] - 24, expected[c] + 24);
    }
  }

  /** The same colours, opaque, padded to 256 entries: Java's BMP writer mangles shorter ones. */
  private static IndexColorModel opaque(IndexColorModel palette) {
    byte[] r = new byte[256];
    byte[] g = new byte[256];
    byte[] b = new byte[256];
    palette.getReds(r);
    palette.getGreens(g);
    palette.getBlues(b);
    return new IndexColorModel(8, 256, r, g, b);
  }

  private static IndexColorModel testPalette() {
    byte[] r = {0, 60, 120, (byte) 180};
    byte[] g = {(byte) 255, (byte) 205, (byte) 155, 105};
    byte[] b = {0, 20, 80, (byte) 180};
    return new IndexColorModel(8, 4, r, g, b, 1); // index 1 transparent
  }

  static RgbImage gradient(int width, int height) {
    byte[] hwc = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = (y * width + x) * 3;
        hwc[i] = (byte) (x * 255 / Math.max(1, width - 1));
        hwc[i + 1] = (byte) (y * 255 / Math.max(1, height - 1));
        hwc[i + 2] = (byte) ((x * 7 + y * 13) & 0xFF);
      }
    }
    return new RgbImage(width, height, hwc);
  }

  private interface PixelFunction {
    int at(int x, int y);
  }

  private static void fill(BufferedImage image, PixelFunction f) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        image.getRaster().setSample(x, y, 0, f.at(x, y));
      }
    }
  }

  private static int[] rgbAt(RgbImage image, int x, int y) {
    return new int[] {image.get(x, y, 0), image.get(x, y, 1), image.get(x, y, 2)};
  }

  private Path write(BufferedImage image, String format) throws IOException {
    Path file = Files.createTempFile(dir, "generated", "." + format);
    if (!ImageIO.write(image, format, file.toFile())) {
      throw new IOException("no ImageIO writer for " + format + " and " + image);
    }
    return file;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ImageDecoderTest.class.getResourceAsStream("/image/decoding/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return in.readAllBytes();
    }
  }
}
