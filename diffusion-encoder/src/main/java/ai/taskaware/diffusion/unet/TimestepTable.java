package ai.taskaware.diffusion.unet;

/**
 * diffusers' {@code get_timestep_embedding} for every integer timestep, in float32 the way PyTorch
 * computes it: {@code exponent = -ln(10000)·i / (half − shift)}, {@code freq = exp(exponent)},
 * {@code arg = t·freq}, then {@code [sin, cos]} (or {@code [cos, sin]} when flipped), zero-padded
 * to an odd width.
 */
final class TimestepTable {
  private static final double MAX_PERIOD = 10000;

  private TimestepTable() {}

  /** Row-major {@code timesteps × dim} table. */
  static float[] compute(int timesteps, int dim, boolean flipSinToCos, double freqShift) {
    int half = dim / 2;
    float[] freq = new float[half];
    float minusLogPeriod = (float) -Math.log(MAX_PERIOD);
    float divisor = (float) (half - freqShift);
    for (int i = 0; i < half; i++) {
      float exponent = (minusLogPeriod * (float) i) / divisor;
      freq[i] = (float) Math.exp(exponent);
    }
    float[] table = new float[timesteps * dim];
    for (int t = 0; t < timesteps; t++) {
      int row = t * dim;
      for (int i = 0; i < half; i++) {
        float arg = (float) t * freq[i];
        float sin = (float) Math.sin(arg);
        float cos = (float) Math.cos(arg);
        table[row + i] = flipSinToCos ? cos : sin;
        table[row + half + i] = flipSinToCos ? sin : cos;
      }
    }
    return table;
  }
}
