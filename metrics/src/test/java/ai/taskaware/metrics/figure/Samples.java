package ai.taskaware.metrics.figure;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.image.RgbImage;
import java.nio.file.Path;

/** Shared checks for rendered figures; samples go to target/figure-samples for a human to view. */
final class Samples {
  private Samples() {}

  static void save(RgbImage image, String name) {
    PngFile.write(image, Path.of("target", "figure-samples", name + ".png"));
  }

  /** Nothing may touch the outer {@code margin} pixels: a cheap guard against clipped text. */
  static void assertWhiteFrame(RgbImage image, int margin) {
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        boolean inFrame =
            x < margin || y < margin || x >= image.width() - margin || y >= image.height() - margin;
        if (inFrame) {
          assertThat(rgb(image, x, y)).as("frame pixel (%d, %d)", x, y).isEqualTo(0xFFFFFF);
        }
      }
    }
  }

  static int rgb(RgbImage image, int x, int y) {
    return (image.get(x, y, 0) << 16) | (image.get(x, y, 1) << 8) | image.get(x, y, 2);
  }

  static RgbImage solid(int width, int height, int rgb) {
    byte[] hwc = new byte[width * height * 3];
    for (int i = 0; i < hwc.length; i += 3) {
      hwc[i] = (byte) (rgb >> 16);
      hwc[i + 1] = (byte) (rgb >> 8);
      hwc[i + 2] = (byte) rgb;
    }
    return new RgbImage(width, height, hwc);
  }
}
