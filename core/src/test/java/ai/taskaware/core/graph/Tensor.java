package ai.taskaware.core.graph;

import java.util.Arrays;
import java.util.SplittableRandom;

/** A plain row-major float tensor for reference computations in tests. */
record Tensor(int[] shape, float[] data) {

  Tensor {
    if (count(shape) != data.length) {
      throw new IllegalArgumentException(Arrays.toString(shape) + " vs " + data.length);
    }
  }

  static Tensor zeros(int... shape) {
    return new Tensor(shape, new float[count(shape)]);
  }

  static Tensor random(SplittableRandom rnd, int... shape) {
    float[] d = new float[count(shape)];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return new Tensor(shape, d);
  }

  static Tensor positive(SplittableRandom rnd, int... shape) {
    float[] d = new float[count(shape)];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (0.1 + rnd.nextDouble() * 2);
    }
    return new Tensor(shape, d);
  }

  static int count(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  int rank() {
    return shape.length;
  }

  long[] longShape() {
    return Arrays.stream(shape).asLongStream().toArray();
  }

  int[] strides() {
    int[] s = new int[shape.length];
    int acc = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= shape[i];
    }
    return s;
  }

  float get(int... idx) {
    int[] s = strides();
    int off = 0;
    for (int i = 0; i < idx.length; i++) {
      off += idx[i] * s[i];
    }
    return data[off];
  }

  /** Multi-index of flat position {@code flat}. */
  int[] unravel(int flat) {
    int[] idx = new int[shape.length];
    for (int i = shape.length - 1; i >= 0; i--) {
      idx[i] = flat % shape[i];
      flat /= shape[i];
    }
    return idx;
  }

  Tensor reshape(int... newShape) {
    return new Tensor(newShape, data);
  }

  @Override
  public String toString() {
    return Arrays.toString(shape);
  }
}
