package ai.taskaware.examples;

import ai.taskaware.examples.cli.CommandErrors;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Entry point of the {@code taskaware} command. Exit codes: 0 success, 1 bad input (the message
 * names the file, tensor or field; {@code --verbose} adds the stack trace), 2 usage error.
 */
public final class Taskaware {

  private Taskaware() {}

  /** Runs the command line and exits the JVM with its exit code. */
  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err));
  }

  /**
   * Runs the command line on the given streams and returns its exit code (for tests and embedding).
   */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    return commandLine(in, out, err).execute(args);
  }

  /** The configured picocli command line, streams and error handling in place. */
  static CommandLine commandLine(InputStream in, PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new TaskawareCommand(in, out, err));
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExecutionExceptionHandler(new CommandErrors());
    return cl;
  }
}
