package ai.taskaware.examples.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every runnable subcommand: runs {@link #execute()} and returns exit code 0, leaving
 * errors to {@link CommandErrors}; gives access to the command line's streams and to progress bars
 * on stderr.
 */
public abstract class TaskawareSubcommand implements Callable<Integer> {

  /** The parsed command, injected by picocli. */
  @Spec protected CommandSpec spec;

  /** For subclasses. */
  protected TaskawareSubcommand() {}

  /** Does the command's work; throws a typed exception on bad input. */
  protected abstract void execute() throws Exception;

  @Override
  public final Integer call() throws Exception {
    execute();
    out().flush();
    return 0;
  }

  private StandardStreams streams() {
    Object root = spec.root().userObject();
    if (root instanceof StandardStreams s) {
      return s;
    }
    return new StandardStreams() {
      @Override
      public InputStream in() {
        return System.in;
      }

      @Override
      public PrintStream out() {
        return System.out;
      }

      @Override
      public PrintStream err() {
        return System.err;
      }
    };
  }

  /** Standard input. */
  protected InputStream in() {
    return streams().in();
  }

  /** Standard output. */
  protected PrintStream out() {
    return streams().out();
  }

  /** Standard error. */
  protected PrintStream err() {
    return streams().err();
  }

  /**
   * A progress bar of {@code steps} steps on stderr (negative: of unknown length, showing elapsed
   * time); close it when the loop ends.
   */
  protected ProgressBar progress(String task, long steps) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(steps)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(err()))
        .setUpdateIntervalMillis(250)
        .build();
  }
}
