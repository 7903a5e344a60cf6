package ai.taskaware.examples.inspect;

import picocli.CommandLine.Command;

/**
 * {@code taskaware inspect}: groups one subcommand per model family (add new ones to {@code
 * subcommands}). Without a subcommand it is a usage error.
 */
@Command(
    name = "inspect",
    description = "Run a model on saved inputs and save named activations (safetensors in, out).",
    subcommands = {
      InspectUNetCommand.class,
      InspectVaeEncoderCommand.class,
      InspectClipVisionCommand.class,
      InspectClipTextCommand.class,
      InspectLlamaCommand.class
    })
public final class InspectCommand {

  /** For picocli. */
  public InspectCommand() {}
}
