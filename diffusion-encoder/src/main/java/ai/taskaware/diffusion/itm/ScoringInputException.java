package ai.taskaware.diffusion.itm;

/** Input a cross-attention scorer cannot score: names the argument and what was expected. */
public final class ScoringInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String argument;

  /**
   * @param argument the argument at fault, e.g. {@code "texts[2]"} or {@code "layers"}
   * @param problem what is wrong with it and what was expected
   */
  public ScoringInputException(String argument, String problem) {
    super(argument + ": " + problem);
    this.argument = argument;
  }

  /** The argument at fault. */
  public String argument() {
    return argument;
  }
}
