package ai.taskaware.diffusion.schedule;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded standard Gaussian noise for {@code q_sample}. The generator is {@link java.util.Random}
 * (48-bit LCG, whose algorithm the Java specification fixes) with {@link Random#nextGaussian()}
 * (Marsaglia's polar method), each draw rounded to float32 and laid out in C order. The same seed
 * and shape give the same tensor on every JVM; it cannot equal PyTorch's {@code torch.randn}, so
 * parity tests against diffusers feed diffusers' noise instead of drawing it.
 */
public final class GaussianNoise {
  private GaussianNoise() {}

  /**
   * A float32 tensor of {@code shape} filled with N(0, 1) draws of a generator seeded with {@code
   * seed}.
   *
   * @throws IllegalArgumentException when a dimension is negative or the tensor exceeds 2^31 − 1
   *     elements
   */
  public static INDArray sample(long seed, long... shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in noise shape " + d);
      }
      n *= d;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("noise tensor of " + n + " elements is too large");
    }
    Random random = new Random(seed);
    float[] data = new float[(int) n];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    return Nd4j.create(data, shape, 'c');
  }
}
