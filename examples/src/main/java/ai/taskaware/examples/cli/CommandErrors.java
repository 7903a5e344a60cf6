package ai.taskaware.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Maps an exception thrown by a subcommand to exit code 1 and a one-line message on stderr. Typed
 * input errors (taskaware's own exceptions, {@link IllegalArgumentException}, I/O errors) print
 * their message, which names the file, tensor or field; anything else is a bug and prints as an
 * internal error. Stack traces are printed only with {@code --verbose}.
 */
public final class CommandErrors implements IExecutionExceptionHandler {

  /** Exit code of a run that failed on its input. */
  public static final int INPUT_ERROR = 1;

  /** A handler for the {@code taskaware} command line. */
  public CommandErrors() {}

  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
    PrintWriter err = cl.getErr();
    String command = cl.getCommandSpec().qualifiedName();
    if (isInputError(ex)) {
      err.println(command + ": error: " + ex.getMessage());
    } else {
      err.println(command + ": internal error: " + ex);
    }
    if (verbose(parsed)) {
      ex.printStackTrace(err);
    } else {
      err.println("(run with --verbose for the stack trace)");
    }
    err.flush();
    return INPUT_ERROR;
  }

  /** Whether {@code e} is an error in the user's input rather than a bug. */
  static boolean isInputError(Throwable e) {
    return e instanceof IllegalArgumentException
        || e instanceof IOException
        || e instanceof UncheckedIOException
        || e.getClass().getName().startsWith("ai.taskaware.");
  }

  private static boolean verbose(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
