package ai.taskaware.core.graph;

import java.util.List;

/** A value name that is not in the graph; lists the closest names that are. */
public final class UnknownValueException extends GraphException {
  private static final long serialVersionUID = 1L;

  private final List<String> nearMatches;

  /**
   * @param op the operation that looked the name up
   * @param value the unknown name
   * @param nearMatches the closest existing names, best first
   */
  public UnknownValueException(String op, String value, List<String> nearMatches) {
    super(
        op,
        value,
        "no such value in the graph"
            + (nearMatches.isEmpty() ? "" : "; did you mean one of " + nearMatches + "?"));
    this.nearMatches = List.copyOf(nearMatches);
  }

  /** The closest existing names, best first (possibly empty). */
  public List<String> nearMatches() {
    return nearMatches;
  }
}
