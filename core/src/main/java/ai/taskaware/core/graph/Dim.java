package ai.taskaware.core.graph;

/**
 * One dimension of a {@link Shape}: a fixed size, a named symbolic size ({@code "batch"}), or
 * unknown.
 *
 * @param size the size, or -1 when not fixed
 * @param symbol the symbolic name, or null
 */
public record Dim(long size, String symbol) {

  private static final Dim UNKNOWN = new Dim(-1, null);

  public Dim {
    if (size < -1) {
      throw new IllegalArgumentException(
          "dimension size must be >= 0 (or -1 for unknown): " + size);
    }
    if (size >= 0 && symbol != null) {
      throw new IllegalArgumentException("a dimension is either fixed or symbolic, not both");
    }
  }

  /** A fixed size. */
  public static Dim of(long size) {
    if (size < 0) {
      throw new IllegalArgumentException("fixed dimension must be >= 0: " + size);
    }
    return new Dim(size, null);
  }

  /** A named size fixed only when the graph runs. */
  public static Dim symbolic(String symbol) {
    return new Dim(-1, symbol);
  }

  /** A size nobody can name. */
  public static Dim unknown() {
    return UNKNOWN;
  }

  /** True when the size is a fixed number. */
  public boolean isFixed() {
    return size >= 0;
  }

  @Override
  public String toString() {
    return size >= 0 ? Long.toString(size) : symbol != null ? symbol : "?";
  }
}
