package ai.taskaware.core.image;

/**
 * The resampling filters of Pillow's {@code Image.resize}, with Pillow's kernels: a triangle for
 * {@link #BILINEAR}, Keys' cubic with a = −0.5 for {@link #BICUBIC} and a 3-lobe Lanczos window for
 * {@link #LANCZOS}. When shrinking, each kernel is widened by the shrink factor (antialiasing), as
 * Pillow does.
 */
public enum Resampling {
  /** Pillow's {@code Image.NEAREST}: the source pixel under each output pixel centre. */
  NEAREST(0.0),
  /** Pillow's {@code Image.BILINEAR}: triangle kernel, support 1. */
  BILINEAR(1.0),
  /** Pillow's {@code Image.BICUBIC}: cubic convolution with a = −0.5, support 2. */
  BICUBIC(2.0),
  /** Pillow's {@code Image.LANCZOS}: sinc windowed by sinc(x/3), support 3. */
  LANCZOS(3.0);

  private final double support;

  Resampling(double support) {
    this.support = support;
  }

  /** Half-width of the kernel at scale 1, in source pixels. */
  double support() {
    return support;
  }

  /**
   * The kernel value at {@code x}. The arithmetic follows Resample.c operation by operation because
   * the weights are rounded to fixed point afterwards and must round the same way.
   */
  double kernel(double x) {
    switch (this) {
      case BILINEAR:
        {
          double ax = x < 0.0 ? -x : x;
          return ax < 1.0 ? 1.0 - ax : 0.0;
        }
      case BICUBIC:
        {
          final double a = -0.5;
          double ax = x < 0.0 ? -x : x;
          if (ax < 1.0) {
            return ((a + 2.0) * ax - (a + 3.0)) * ax * ax + 1;
          }
          if (ax < 2.0) {
            return (((ax - 5) * ax + 8) * ax - 4) * a;
          }
          return 0.0;
        }
      case LANCZOS:
        return -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3) : 0.0;
      default:
        throw new IllegalStateException(this + " is not a convolution filter");
    }
  }

  private static double sinc(double x) {
    if (x == 0.0) {
      return 1.0;
    }
    double px = x * Math.PI;
    return Math.sin(px) / px;
  }
}
