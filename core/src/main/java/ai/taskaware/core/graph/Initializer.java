package ai.taskaware.core.graph;

import ai.taskaware.core.checkpoint.DType;

/**
 * A tensor stored in the graph: a checkpoint weight, generated weights, or a small constant.
 * Weights of checkpoints keep pointing at their memory map until emission.
 */
public final class Initializer {

  private final Value value;
  private final TensorBytes bytes;
  private final boolean constant;

  Initializer(Value value, TensorBytes bytes, boolean constant) {
    this.value = value;
    this.bytes = bytes;
    this.constant = constant;
  }

  /** The value this initializer defines. */
  public Value value() {
    return value;
  }

  /** The name of the value. */
  public String name() {
    return value.name();
  }

  /** Element type as emitted. */
  public DType dtype() {
    return value.dtype();
  }

  /** Bytes as emitted. */
  public long byteLength() {
    return bytes.byteLength();
  }

  /**
   * True for constants the builder made (shapes, axes, scalars), false for weights; autodiff
   * differentiates only weights.
   */
  public boolean isConstant() {
    return constant;
  }

  TensorBytes bytes() {
    return bytes;
  }

  @Override
  public String toString() {
    return (constant ? "constant " : "weight ") + value;
  }
}
