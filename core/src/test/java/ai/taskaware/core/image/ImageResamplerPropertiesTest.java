package ai.taskaware.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of {@link ImageResampler} and the geometry helpers, over random images and sizes. */
class ImageResamplerPropertiesTest {
  private static final int ONE = 1 << 22;

  @Provide
  Arbitrary<RgbImage> images() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 24), Arbitraries.integers().between(1, 24))
        .flatAs(
            (w, h) ->
                Arbitraries.bytes()
                    .array(byte[].class)
                    .ofSize(w * h * 3)
                    .map(bytes -> new RgbImage(w, h, bytes)));
  }

  @Property(tries = 60)
  void resizeToTheSameSizeIsIdentity(
      @ForAll("images") RgbImage image, @ForAll Resampling resampling) {
    assertThat(ImageResampler.resize(image, image.width(), image.height(), resampling))
        .isEqualTo(image);
  }

  @Property(tries = 60)
  void atScaleOneEveryKernelIsAUnitImpulse(
      @ForAll @IntRange(min = 1, max = 300) int size, @ForAll Resampling resampling) {
    // Pillow short-cuts same-size resizes to a copy; this checks the convolution itself would also
    // reproduce the input, so a one-axis resize leaves the other axis untouched.
    if (resampling == Resampling.NEAREST) {
      int[] sources = ImageResampler.nearestSources(size, size);
      for (int i = 0; i < size; i++) {
        assertThat(sources[i]).isEqualTo(i);
      }
      return;
    }
    ImageResampler.Taps taps = ImageResampler.taps(size, size, resampling);
    for (int i = 0; i < size; i++) {
      for (int t = 0; t < taps.count()[i]; t++) {
        int weight = taps.weights()[i * taps.stride() + t];
        assertThat(weight).isEqualTo(taps.first()[i] + t == i ? ONE : 0);
      }
    }
  }

  @Property(tries = 80)
  void outputHasTheRequestedSizeAndConstantImagesStayConstant(
      @ForAll @IntRange(min = 1, max = 40) int inWidth,
      @ForAll @IntRange(min = 1, max = 40) int inHeight,
      @ForAll @IntRange(min = 1, max = 80) int outWidth,
      @ForAll @IntRange(min = 1, max = 80) int outHeight,
      @ForAll @IntRange(min = 0, max = 255) int value,
      @ForAll Resampling resampling) {
    byte[] hwc = new byte[inWidth * inHeight * 3];
    java.util.Arrays.fill(hwc, (byte) value);
    RgbImage resized =
        ImageResampler.resize(
            new RgbImage(inWidth, inHeight, hwc), outWidth, outHeight, resampling);
    assertThat(resized.width()).isEqualTo(outWidth);
    assertThat(resized.height()).isEqualTo(outHeight);
    for (byte b : resized.toHwcBytes()) {
      assertThat(b & 0xFF).isEqualTo(value);
    }
  }

  @Property(tries = 60)
  void bilinearAndNearestStayWithinTheInputRange(
      @ForAll("images") RgbImage image,
      @ForAll @IntRange(min = 1, max = 50) int width,
      @ForAll @IntRange(min = 1, max = 50) int height,
      @ForAll boolean bilinear) {
    // Their weights are non-negative, so no overshoot (bicubic and Lanczos may ring, then clip).
    int min = 255;
    int max = 0;
    for (byte b : image.toHwcBytes()) {
      min = Math.min(min, b & 0xFF);
      max = Math.max(max, b & 0xFF);
    }
    RgbImage resized =
        ImageResampler.resize(
            image, width, height, bilinear ? Resampling.BILINEAR : Resampling.NEAREST);
    for (byte b : resized.toHwcBytes()) {
      assertThat(b & 0xFF).isBetween(min, max);
    }
  }

  @Property(tries = 40)
  void nonPositiveSizesAreRejectedByName(
      @ForAll("images") RgbImage image,
      @ForAll @IntRange(min = -5, max = 0) int bad,
      @ForAll Resampling resampling) {
    assertThatThrownBy(() -> ImageResampler.resize(image, bad, 3, resampling))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("width");
    assertThatThrownBy(() -> ImageResampler.resize(image, 3, bad, resampling))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("height");
    assertThatThrownBy(() -> ImageGeometry.resizeShortestEdge(image, bad, resampling))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shortest");
    assertThatThrownBy(() -> ImageGeometry.centerCrop(image, bad, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("width");
    assertThatThrownBy(() -> new RgbImage(bad, 2, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("width");
  }

  @Property(tries = 40)
  void cropsLargerThanTheImageAreRejectedByName(
      @ForAll("images") RgbImage image, @ForAll @IntRange(min = 1, max = 5) int excess) {
    assertThatThrownBy(() -> ImageGeometry.centerCrop(image, image.width() + excess, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("width");
    assertThatThrownBy(() -> ImageGeometry.centerCrop(image, 1, image.height() + excess))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("height");
  }

  @Property(tries = 40)
  void centerCropTakesTheFloorCentredWindow(
      @ForAll("images") RgbImage image,
      @ForAll @IntRange(min = 1, max = 24) int width,
      @ForAll @IntRange(min = 1, max = 24) int height) {
    int w = Math.min(width, image.width());
    int h = Math.min(height, image.height());
    RgbImage crop = ImageGeometry.centerCrop(image, w, h);
    int top = (image.height() - h) / 2;
    int left = (image.width() - w) / 2;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          assertThat(crop.get(x, y, c)).isEqualTo(image.get(left + x, top + y, c));
        }
      }
    }
  }
}
