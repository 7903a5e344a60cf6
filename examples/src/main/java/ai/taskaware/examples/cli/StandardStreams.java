package ai.taskaware.examples.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** The streams a command line runs on (the process's own, or a test's). */
public interface StandardStreams {

  /** Standard input. */
  InputStream in();

  /** Standard output: results only. */
  PrintStream out();

  /** Standard error: progress bars, messages. */
  PrintStream err();
}
