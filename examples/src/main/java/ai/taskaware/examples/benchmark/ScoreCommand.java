package ai.taskaware.examples.benchmark;

import picocli.CommandLine.Command;

/**
 * {@code taskaware score}: groups one subcommand per benchmark whose existing output files it
 * scores (add new ones to {@code subcommands}). Without a subcommand it is a usage error.
 */
@Command(
    name = "score",
    description = "Score existing benchmark output files as the official evaluation code does.",
    subcommands = {ScoreBlinkCommand.class, ScoreLlavaBenchCommand.class, ScoreMmvpCommand.class})
public final class ScoreCommand {

  /** For picocli. */
  public ScoreCommand() {}
}
