package ai.taskaware.core.checkpoint;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where one tensor lives: its file, dtype, shape and byte range (absolute offset in {@code file}).
 *
 * @param name the tensor's key in the checkpoint (Hugging Face / diffusers name)
 * @param dtype element type
 * @param shape dimensions, outermost first; empty for a scalar
 * @param file the safetensors file holding the bytes
 * @param fileOffset absolute byte offset of the first element in {@code file}
 * @param byteLength number of bytes, equal to {@code elementCount() * dtype.byteSize()}
 */
public record TensorInfo(
    String name, DType dtype, long[] shape, Path file, long fileOffset, long byteLength) {

  public TensorInfo {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Product of the dimensions (1 for a scalar). */
  public long elementCount() {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorInfo t
        && name.equals(t.name)
        && dtype == t.dtype
        && Arrays.equals(shape, t.shape)
        && file.equals(t.file)
        && fileOffset == t.fileOffset
        && byteLength == t.byteLength;
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name
        + " "
        + dtype
        + Arrays.toString(shape)
        + " @"
        + file.getFileName()
        + ":"
        + fileOffset;
  }
}
