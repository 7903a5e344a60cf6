package ai.taskaware.core.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The shape of a {@link Value}: a list of {@link Dim}s, or unknown rank. Immutable. */
public final class Shape {

  private static final Shape UNKNOWN_RANK = new Shape(null);

  private final List<Dim> dims;

  private Shape(List<Dim> dims) {
    this.dims = dims == null ? null : List.copyOf(dims);
  }

  /** A fully fixed shape. */
  public static Shape of(long... dims) {
    List<Dim> list = new ArrayList<>(dims.length);
    for (long d : dims) {
      list.add(Dim.of(d));
    }
    return new Shape(list);
  }

  /** A shape from fixed, symbolic or unknown dims. */
  public static Shape of(Dim... dims) {
    return new Shape(Arrays.asList(dims));
  }

  /** A shape from fixed, symbolic or unknown dims. */
  public static Shape of(List<Dim> dims) {
    return new Shape(dims);
  }

  /** The shape of a scalar (rank 0). */
  public static Shape scalar() {
    return new Shape(List.of());
  }

  /** A shape of known rank whose dims are all unknown. */
  public static Shape ofRank(int rank) {
    Dim[] d = new Dim[rank];
    Arrays.fill(d, Dim.unknown());
    return of(d);
  }

  /** A shape of unknown rank. */
  public static Shape unknownRank() {
    return UNKNOWN_RANK;
  }

  /** True when the number of dimensions is known. */
  public boolean isRankKnown() {
    return dims != null;
  }

  /** Number of dimensions, or -1 when unknown. */
  public int rank() {
    return dims == null ? -1 : dims.size();
  }

  /** The dims, outermost first. Throws when the rank is unknown. */
  public List<Dim> dims() {
    if (dims == null) {
      throw new IllegalStateException("shape of unknown rank has no dims");
    }
    return dims;
  }

  /** Dim {@code i}; negative indices count from the end. */
  public Dim dim(int i) {
    List<Dim> d = dims();
    return d.get(i < 0 ? d.size() + i : i);
  }

  /** True when the rank and every dim are fixed. */
  public boolean isStatic() {
    return dims != null && dims.stream().allMatch(Dim::isFixed);
  }

  /** The fixed sizes. Throws when the shape is not {@link #isStatic() static}. */
  public long[] toArray() {
    if (!isStatic()) {
      throw new IllegalStateException("shape " + this + " is not static");
    }
    return dims.stream().mapToLong(Dim::size).toArray();
  }

  /** Product of the fixed sizes (1 for a scalar). Throws when not static. */
  public long elementCount() {
    long n = 1;
    for (long d : toArray()) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && java.util.Objects.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hashCode(dims);
  }

  @Override
  public String toString() {
    return dims == null ? "[*]" : dims.toString();
  }
}
