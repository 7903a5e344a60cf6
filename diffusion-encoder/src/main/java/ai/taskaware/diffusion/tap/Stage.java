package ai.taskaware.diffusion.tap;

/** Where in the U-Net a tap sits. */
public enum Stage {
  /** Model-level values outside the blocks: time embedding, {@code conv_in}, the output. */
  TOP("", "", ""),
  /** A block of {@code down_blocks}. */
  DOWN("D", "down", "down_blocks"),
  /** The mid block (one level, numbered 0). */
  MID("M", "mid", "mid_block"),
  /** A block of {@code up_blocks}. */
  UP("U", "up", "up_blocks");

  private final String paper;
  private final String generic;
  private final String diffusers;

  Stage(String paper, String generic, String diffusers) {
    this.paper = paper;
    this.generic = generic;
    this.diffusers = diffusers;
  }

  /** The letter of the paper's grammar ({@code D}, {@code M}, {@code U}). */
  String paper() {
    return paper;
  }

  /** The word of the generic-diffusion-feature spelling ({@code down}, {@code mid}, {@code up}). */
  String generic() {
    return generic;
  }

  /** The diffusers attribute ({@code down_blocks}, {@code mid_block}, {@code up_blocks}). */
  String diffusers() {
    return diffusers;
  }
}
