package ai.taskaware.core.graph;

/** What {@link GraphBuilder#weight} does with checkpoint tensors that are not float32. */
public enum WeightPolicy {
  /** The initializer keeps the on-disk dtype, and so does the value the model code gets. */
  KEEP,
  /**
   * The initializer keeps the on-disk dtype (half the bytes for fp16/bf16) and a {@code Cast} node
   * to float32 follows it; the model code gets the float32 value.
   */
  KEEP_AND_CAST,
  /**
   * Floating-point tensors are converted to float32 while the model is emitted (a streamed copy);
   * the model code gets a float32 initializer.
   */
  CONVERT_TO_FLOAT
}
