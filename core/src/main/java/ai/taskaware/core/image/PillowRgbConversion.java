package ai.taskaware.core.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Pillow's {@code convert("RGB")} applied to the samples of a decoded {@link BufferedImage}. Java's
 * {@code getRGB} is avoided on purpose: it colour-manages grey and ICC images, which Pillow never
 * does.
 */
final class PillowRgbConversion {
  private PillowRgbConversion() {}

  static byte[] toRgb(BufferedImage image) {
    ColorModel model = image.getColorModel();
    if (model.isAlphaPremultiplied()) {
      // Pillow stores straight alpha; undo the premultiplication before alpha is dropped.
      WritableRaster straight = image.copyData(null);
      model = model.coerceData(straight, false);
      image = new BufferedImage(model, straight, false, null);
    }
    Raster raster = image.getRaster();
    int width = image.getWidth();
    int height = image.getHeight();
    byte[] out = new byte[width * height * RgbImage.CHANNELS];
    if (model instanceof IndexColorModel palette) {
      convertPalette(raster, palette, out);
      return out;
    }
    int colorType = model.getColorSpace().getType();
    int colorComponents = model.getNumColorComponents();
    if (colorType == ColorSpace.TYPE_GRAY && colorComponents == 1) {
      convertGray(raster, model, out);
    } else if (colorType == ColorSpace.TYPE_RGB && colorComponents == 3) {
      convertRgb(raster, model, out);
    } else if (colorType == ColorSpace.TYPE_CMYK && colorComponents == 4) {
      convertCmyk(raster, model, out);
    } else {
      convertColorManaged(image, out);
    }
    return out;
  }

  private static void convertPalette(Raster raster, IndexColorModel palette, byte[] out) {
    int width = raster.getWidth();
    int[] indices = new int[width];
    int size = palette.getMapSize();
    for (int y = 0; y < raster.getHeight(); y++) {
      raster.getSamples(0, y, width, 1, 0, indices);
      int o = y * width * RgbImage.CHANNELS;
      for (int x = 0; x < width; x++) {
        // An index past the palette reads as black, as Pillow's zero-filled 256-entry palette does.
        int index = indices[x];
        boolean inside = index < size;
        out[o++] = (byte) (inside ? palette.getRed(index) : 0);
        out[o++] = (byte) (inside ? palette.getGreen(index) : 0);
        out[o++] = (byte) (inside ? palette.getBlue(index) : 0);
      }
    }
  }

  private static void convertGray(Raster raster, ColorModel model, byte[] out) {
    int width = raster.getWidth();
    int bits = model.getComponentSize(0);
    // Pillow opens a lone 16-bit grey channel as mode "I" whose RGB conversion clips to 0..255;
    // with an alpha channel it opens as "LA" from the high byte.
    boolean clipWide = bits > 8 && !model.hasAlpha();
    int[] samples = new int[width];
    for (int y = 0; y < raster.getHeight(); y++) {
      raster.getSamples(0, y, width, 1, 0, samples);
      int o = y * width * RgbImage.CHANNELS;
      for (int x = 0; x < width; x++) {
        int v = clipWide ? Math.min(samples[x], 255) : to8Bits(samples[x], bits);
        byte b = (byte) v;
        out[o++] = b;
        out[o++] = b;
        out[o++] = b;
      }
    }
  }

  private static void convertRgb(Raster raster, ColorModel model, byte[] out) {
    int width = raster.getWidth();
    int[][] bands = new int[3][width];
    int[] bits = {model.getComponentSize(0), model.getComponentSize(1), model.getComponentSize(2)};
    for (int y = 0; y < raster.getHeight(); y++) {
      for (int c = 0; c < 3; c++) {
        raster.getSamples(0, y, width, 1, c, bands[c]);
      }
      int o = y * width * RgbImage.CHANNELS;
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < 3; c++) {
          out[o++] = (byte) to8Bits(bands[c][x], bits[c]);
        }
      }
    }
  }

  private static void convertCmyk(Raster raster, ColorModel model, byte[] out) {
    int width = raster.getWidth();
    int[][] bands = new int[4][width];
    for (int y = 0; y < raster.getHeight(); y++) {
      for (int c = 0; c < 4; c++) {
        raster.getSamples(0, y, width, 1, c, bands[c]);
      }
      int o = y * width * RgbImage.CHANNELS;
      for (int x = 0; x < width; x++) {
        int k = to8Bits(bands[3][x], model.getComponentSize(3));
        for (int c = 0; c < 3; c++) {
          out[o++] = (byte) cmykToRgb(to8Bits(bands[c][x], model.getComponentSize(c)), k);
        }
      }
    }
  }

  /**
   * Pillow's {@code cmyk2rgb} in Convert.c: {@code nk - c·nk/255} with nk = 255 − k, where the
   * product is divided by 255 with its {@code MULDIV255} rounding.
   */
  static int cmykToRgb(int c, int k) {
    int nk = 255 - k;
    int t = c * nk + 128;
    int product = ((t >> 8) + t) >> 8;
    return Math.max(0, Math.min(255, nk - product));
  }

  private static void convertColorManaged(BufferedImage image, byte[] out) {
    // Colour spaces Pillow has no mode for (e.g. a YCbCr or Lab raster): Java's conversion is the
    // only meaningful one.
    int width = image.getWidth();
    int[] argb = new int[width];
    for (int y = 0; y < image.getHeight(); y++) {
      image.getRGB(0, y, width, 1, argb, 0, width);
      int o = y * width * RgbImage.CHANNELS;
      for (int x = 0; x < width; x++) {
        out[o++] = (byte) (argb[x] >> 16);
        out[o++] = (byte) (argb[x] >> 8);
        out[o++] = (byte) argb[x];
      }
    }
  }

  /**
   * Scales a sample of {@code bits} bits to 8 bits as Pillow's raw modes do: 16-bit samples keep
   * their high byte ("RGB;16B"), 1/2/4-bit samples are stretched ("1", "L;2", "L;4").
   */
  static int to8Bits(int sample, int bits) {
    if (bits == 8) {
      return sample;
    }
    if (bits > 8) {
      return sample >>> (bits - 8);
    }
    int max = (1 << bits) - 1;
    return (sample * 255 + max / 2) / max;
  }
}
