package ai.taskaware.examples;

import ai.taskaware.core.provenance.LibraryVersions;
import ai.taskaware.examples.analyze.AnalyzeCommand;
import ai.taskaware.examples.bench.BenchCommand;
import ai.taskaware.examples.bench.LlamaBenchCommand;
import ai.taskaware.examples.benchmark.ScoreCommand;
import ai.taskaware.examples.chat.ChatCommand;
import ai.taskaware.examples.cli.StandardStreams;
import ai.taskaware.examples.demo.DemoCommand;
import ai.taskaware.examples.doctor.DoctorCommand;
import ai.taskaware.examples.eval.EvalCommand;
import ai.taskaware.examples.extract.ExtractCommand;
import ai.taskaware.examples.inspect.InspectCommand;
import ai.taskaware.examples.itm.ItmCommand;
import ai.taskaware.examples.scoring.CkaCommand;
import ai.taskaware.examples.scoring.ScoreCaptionsCommand;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The top {@code taskaware} command. It does nothing itself; every task is a subcommand class
 * listed here (new commands slot in by adding their class to {@code subcommands}).
 */
@Command(
    name = "taskaware",
    mixinStandardHelpOptions = true,
    versionProvider = TaskawareCommand.Versions.class,
    scope = ScopeType.INHERIT,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Stable Diffusion, CLIP and LLaMA on ONNX Runtime, and the paper's metrics.",
      "Exit codes: 0 success, 1 bad input (message names the file/tensor/field), 2 usage error.",
      "Run it as `java -jar examples/target/taskaware.jar ...`: ONNX Runtime 1.29 crashes when the"
          + " java command line exceeds ~3980 bytes, which a long -classpath easily does."
    },
    subcommands = {
      DemoCommand.class,
      DoctorCommand.class,
      InspectCommand.class,
      ChatCommand.class,
      ScoreCaptionsCommand.class,
      CkaCommand.class,
      BenchCommand.class,
      LlamaBenchCommand.class,
      ScoreCommand.class,
      ExtractCommand.class,
      ItmCommand.class,
      AnalyzeCommand.class,
      EvalCommand.class
    })
public final class TaskawareCommand implements StandardStreams {

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of errors.")
  boolean verbose;

  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;

  /** A top command reading {@code in} and writing {@code out} and {@code err}. */
  public TaskawareCommand(InputStream in, PrintStream out, PrintStream err) {
    this.in = in;
    this.out = out;
    this.err = err;
  }

  @Override
  public InputStream in() {
    return in;
  }

  @Override
  public PrintStream out() {
    return out;
  }

  @Override
  public PrintStream err() {
    return err;
  }

  /** {@code --version}: taskaware's and the native stacks' versions, one per line. */
  static final class Versions implements IVersionProvider {
    @Override
    public String[] getVersion() {
      Map<String, String> v = LibraryVersions.current();
      return v.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toArray(String[]::new);
    }
  }
}
