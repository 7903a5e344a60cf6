package ai.taskaware.diffusion.tap;

import java.util.List;

/**
 * A tap name that cannot be parsed, or that names an activation the loaded U-Net does not have. The
 * message lists, when known, every tap the U-Net does have in all of its spellings.
 */
public final class UnknownTapException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String tap;
  private final String reason;
  private final transient List<TapName> existing;

  /**
   * @param tap the name as given
   * @param reason what is wrong with it
   * @param existing the taps that do exist (empty when not known, as while parsing)
   */
  public UnknownTapException(String tap, String reason, List<TapName> existing) {
    super(format(tap, reason, existing));
    this.tap = tap;
    this.reason = reason;
    this.existing = List.copyOf(existing);
  }

  private static String format(String tap, String reason, List<TapName> existing) {
    StringBuilder sb = new StringBuilder("unknown tap '").append(tap).append("': ").append(reason);
    if (!existing.isEmpty()) {
      sb.append("; taps of this U-Net (diffusers path | paper | generic-diffusion-feature):");
      for (TapName t : existing) {
        sb.append("\n  ").append(String.join(" | ", t.spellings()));
      }
    }
    return sb.toString();
  }

  /** The name as given. */
  public String tap() {
    return tap;
  }

  /** What is wrong with the name, without the list of existing taps. */
  public String reason() {
    return reason;
  }

  /** The taps that exist for the loaded U-Net (empty when the name could not even be parsed). */
  public List<TapName> existing() {
    return existing;
  }
}
