package ai.taskaware.diffusion.schedule;

/**
 * {@code torch.linspace(start, end, steps, dtype=torch.float32)} as PyTorch's CPU kernel computes
 * it on an AVX2 build, to the bit. The kernel fills the first half forwards from {@code start} and
 * the second half backwards from {@code end} ({@code start + step·i} resp. {@code end −
 * step·(n−1−i)}, both contracted to one fused multiply-add by the compiler). Its vector path works
 * on pairs of 8-float vectors: each vector takes the base of its first element (by that element's
 * half) and adds {@code j·step} for its lanes, so a vector that straddles the middle continues the
 * first half; the elements after the last pair of vectors take the scalar formula. This matches the
 * betas of diffusers' {@code scaled_linear} schedule written by PyTorch (all 1000 bit-identical).
 */
final class Float32Linspace {
  private static final int LANES = 8;

  private Float32Linspace() {}

  static float[] of(float start, float end, int steps) {
    float[] out = new float[steps];
    if (steps == 1) {
      out[0] = start;
      return out;
    }
    float step = (end - start) / (steps - 1);
    int halfway = steps / 2;
    int idx = 0;
    while (idx <= steps - 2 * LANES) {
      for (int v = 0; v < 2; v++) {
        float base = scalar(start, end, step, halfway, steps, idx);
        for (int j = 0; j < LANES; j++) {
          out[idx + j] = base + j * step;
        }
        idx += LANES;
      }
    }
    for (; idx < steps; idx++) {
      out[idx] = scalar(start, end, step, halfway, steps, idx);
    }
    return out;
  }

  private static float scalar(float start, float end, float step, int halfway, int steps, int i) {
    return i < halfway
        ? Math.fma(step, (float) i, start)
        : Math.fma(-step, (float) (steps - i - 1), end);
  }

  /** {@code numpy.linspace(start, end, steps)} in float64: {@code start + i·step}, last = end. */
  static double[] ofDouble(double start, double end, int steps) {
    double[] out = new double[steps];
    double step = steps > 1 ? (end - start) / (steps - 1) : 0;
    for (int i = 0; i < steps; i++) {
      out[i] = i * step + start;
    }
    if (steps > 1) {
      out[steps - 1] = end;
    }
    return out;
  }
}
