package ai.taskaware.core.graph;

import ai.taskaware.core.checkpoint.DType;

/**
 * A named tensor in a {@link Graph}: a graph input, an initializer or the output of a node. Values
 * are handles; only the builder that made one accepts it.
 *
 * @param name unique name in the graph
 * @param dtype element type
 * @param shape dims as far as they are known
 */
public record Value(String name, DType dtype, Shape shape) {

  /** Number of dims, or -1 when unknown. */
  public int rank() {
    return shape.rank();
  }

  @Override
  public String toString() {
    return name + ":" + dtype + shape;
  }
}
