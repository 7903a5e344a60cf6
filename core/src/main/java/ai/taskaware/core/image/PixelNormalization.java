package ai.taskaware.core.image;

import java.util.Arrays;

/**
 * How 0..255 pixel values become model input: {@code (x · rescale − mean[c]) / std[c]}, with the
 * product taken in double and rounded to float32, then the subtraction and division in float32, as
 * transformers' {@code rescale} then {@code normalize} compute it.
 *
 * @param rescale factor applied to the raw values, e.g. 1/255
 * @param mean per-channel mean (R, G, B), applied after rescaling
 * @param std per-channel standard deviation (R, G, B), non-zero
 */
public record PixelNormalization(double rescale, float[] mean, float[] std) {
  /** CLIP / OpenAI image statistics with rescale 1/255 (CLIPImageProcessor defaults). */
  public static final PixelNormalization CLIP =
      new PixelNormalization(
          1 / 255.0,
          new float[] {0.48145466f, 0.4578275f, 0.40821073f},
          new float[] {0.26862954f, 0.26130258f, 0.27577711f});

  /** Stable Diffusion's VAE input: {@code x / 127.5 − 1}, in [−1, 1]. */
  public static final PixelNormalization STABLE_DIFFUSION =
      new PixelNormalization(1 / 127.5, new float[] {1f, 1f, 1f}, new float[] {1f, 1f, 1f});

  /**
   * Validates and copies the arrays.
   *
   * @throws IllegalArgumentException if rescale is not finite and positive, or mean/std do not hold
   *     three finite values with std non-zero
   */
  public PixelNormalization {
    if (!(rescale > 0) || Double.isInfinite(rescale)) {
      throw new IllegalArgumentException("rescale must be finite and positive, got " + rescale);
    }
    mean = checkedChannels("mean", mean, false);
    std = checkedChannels("std", std, true);
  }

  private static float[] checkedChannels(String name, float[] values, boolean nonZero) {
    if (values == null || values.length != RgbImage.CHANNELS) {
      throw new IllegalArgumentException(name + " must hold 3 values (R, G, B)");
    }
    for (float v : values) {
      if (!Float.isFinite(v) || (nonZero && v == 0f)) {
        throw new IllegalArgumentException(
            name + " values must be finite" + (nonZero ? " and non-zero" : "") + ", got " + v);
      }
    }
    return values.clone();
  }

  /**
   * The mean as an 8-bit RGB colour, {@code int(255 · mean)} per channel: the fill LLaVA's {@code
   * expand2square} pads with ({@code tuple(int(x * 255) for x in image_processor.image_mean)}).
   */
  public int[] meanAsRgb() {
    int[] rgb = new int[3];
    for (int c = 0; c < 3; c++) {
      rgb[c] = (int) (255 * (double) mean[c]);
    }
    return rgb;
  }

  /** A copy of the per-channel mean. */
  @Override
  public float[] mean() {
    return mean.clone();
  }

  /** A copy of the per-channel standard deviation. */
  @Override
  public float[] std() {
    return std.clone();
  }

  /** The normalised float32 value of raw value {@code x} in channel {@code channel}. */
  float apply(int x, int channel) {
    float rescaled = (float) (x * rescale);
    return (rescaled - mean[channel]) / std[channel];
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PixelNormalization that
        && Double.compare(rescale, that.rescale) == 0
        && Arrays.equals(mean, that.mean)
        && Arrays.equals(std, that.std);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Double.hashCode(rescale) + Arrays.hashCode(mean)) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "PixelNormalization[rescale="
        + rescale
        + ", mean="
        + Arrays.toString(mean)
        + ", std="
        + Arrays.toString(std)
        + "]";
  }
}
