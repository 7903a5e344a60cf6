package ai.taskaware.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;

/**
 * An immutable 8-bit RGB image stored as interleaved height × width × channel bytes (the layout of
 * {@code numpy.asarray(pil_image)} for a Pillow "RGB" image). This is the image type every
 * taskaware API takes and returns.
 */
public final class RgbImage {
  /** Number of channels per pixel. */
  public static final int CHANNELS = 3;

  private final int width;
  private final int height;
  private final byte[] hwc;

  /**
   * Wraps a copy of {@code hwc}.
   *
   * @param width width in pixels, at least 1
   * @param height height in pixels, at least 1
   * @param hwc {@code height * width * 3} bytes, row-major, R G B interleaved
   * @throws IllegalArgumentException if a size is not positive or {@code hwc} has the wrong length
   */
  public RgbImage(int width, int height, byte[] hwc) {
    this(checkedPixels(width, height, hwc).clone(), width, height);
  }

  /** Takes ownership of {@code hwc}; callers in this package must not change it afterwards. */
  RgbImage(byte[] hwc, int width, int height) {
    checkedPixels(width, height, hwc);
    this.width = width;
    this.height = height;
    this.hwc = hwc;
  }

  private static byte[] checkedPixels(int width, int height, byte[] hwc) {
    requirePositive("width", width);
    requirePositive("height", height);
    if (hwc == null) {
      throw new IllegalArgumentException("hwc must not be null");
    }
    long expected = (long) width * height * CHANNELS;
    if (hwc.length != expected) {
      throw new IllegalArgumentException(
          "hwc has "
              + hwc.length
              + " bytes but a "
              + width
              + "x"
              + height
              + " RGB image needs "
              + expected);
    }
    return hwc;
  }

  static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  /** Width in pixels. */
  public int width() {
    return width;
  }

  /** Height in pixels. */
  public int height() {
    return height;
  }

  /**
   * One channel value of one pixel.
   *
   * @param x column, {@code 0 <= x < width()}
   * @param y row, {@code 0 <= y < height()}
   * @param channel 0 = red, 1 = green, 2 = blue
   * @return the value in 0..255
   * @throws IllegalArgumentException if a coordinate or the channel is out of range
   */
  public int get(int x, int y, int channel) {
    if (x < 0 || x >= width) {
      throw new IllegalArgumentException("x must be in [0, " + width + "), got " + x);
    }
    if (y < 0 || y >= height) {
      throw new IllegalArgumentException("y must be in [0, " + height + "), got " + y);
    }
    if (channel < 0 || channel >= CHANNELS) {
      throw new IllegalArgumentException("channel must be 0, 1 or 2, got " + channel);
    }
    return hwc[(y * width + x) * CHANNELS + channel] & 0xFF;
  }

  /** A copy of the interleaved height × width × 3 bytes. */
  public byte[] toHwcBytes() {
    return hwc.clone();
  }

  /** The backing array, shared for speed inside this package: never modify it. */
  byte[] pixels() {
    return hwc;
  }

  /** A new {@link BufferedImage#TYPE_3BYTE_BGR} image with the same pixels. */
  public BufferedImage toBufferedImage() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < hwc.length; i += CHANNELS) {
      bgr[i] = hwc[i + 2];
      bgr[i + 1] = hwc[i + 1];
      bgr[i + 2] = hwc[i];
    }
    return image;
  }

  /**
   * Converts any {@link BufferedImage} to RGB the way Pillow's {@code Image.convert("RGB")}
   * converts the equivalent Pillow mode: the stored samples are used as they are (no colour
   * management, no gamma), alpha is dropped rather than composited, grey is copied to R, G and B,
   * palettes are looked up, CMYK uses Pillow's naive formula, 16-bit colour keeps the high byte and
   * 16-bit single-channel grey saturates at 255 as Pillow's mode "I" does.
   *
   * @param image the image to convert
   * @return a new RGB image
   * @throws IllegalArgumentException if {@code image} is null or has an unsupported colour model
   */
  public static RgbImage of(BufferedImage image) {
    if (image == null) {
      throw new IllegalArgumentException("image must not be null");
    }
    return new RgbImage(PillowRgbConversion.toRgb(image), image.getWidth(), image.getHeight());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RgbImage that
        && width == that.width
        && height == that.height
        && Arrays.equals(hwc, that.hwc);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(hwc);
  }

  @Override
  public String toString() {
    return "RgbImage[" + width + "x" + height + "]";
  }
}
