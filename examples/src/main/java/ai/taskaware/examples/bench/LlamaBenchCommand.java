package ai.taskaware.examples.bench;

import ai.taskaware.core.provenance.Provenance;
import ai.taskaware.examples.cli.CliInputException;
import ai.taskaware.examples.cli.OutputOption;
import ai.taskaware.examples.cli.TaskawareSubcommand;
import ai.taskaware.llm.benchmark.LlamaBenchmark;
import ai.taskaware.llm.benchmark.LlamaShape;
import ai.taskaware.llm.llama.LinearWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code taskaware bench-llama}: prefill and decode throughput, load time and memory of the
 * LLaMA/Vicuna decoder in each linear-weight format, on a generated fp16 checkpoint of a named
 * shape. The measuring is {@link LlamaBenchmark}'s; this command parses options and refuses, before
 * any minutes are spent, formats whose weights cannot fit in memory.
 */
@Command(
    name = "bench-llama",
    description = {
      "Prefill/decode tok/s, load time and memory of the LLaMA decoder per linear-weight format, on a generated"
          + " fp16 checkpoint with random weights (tiny, tinyllama-1.1b or vicuna-7b shape; vicuna-7b needs"
          + " 13.5 GB of disk for the checkpoint plus the compiled models). Each format is measured in its own"
          + " JVM unless --in-process; the bandwidth bound is copy bandwidth / weight bytes read per token."
    })
public final class LlamaBenchCommand extends TaskawareSubcommand {

  @Option(
      names = "--shape",
      defaultValue = "tiny",
      paramLabel = "tiny|tinyllama-1.1b|vicuna-7b",
      description = "Checkpoint shape (default ${DEFAULT-VALUE}).")
  String shape;

  @Option(
      names = "--formats",
      split = ",",
      defaultValue = "FLOAT32,HALF_RESIDENT,INT8_BLOCK256,INT4_BLOCK32,INT4_BLOCK128",
      paramLabel = "FORMAT",
      description =
          "Linear-weight formats, comma-separated, of ${COMPLETION-CANDIDATES}"
              + " (default ${DEFAULT-VALUE}).")
  List<LinearWeights> formats;

  @Option(
      names = "--prompt",
      defaultValue = "128",
      paramLabel = "N",
      description = "Prompt tokens to prefill (default ${DEFAULT-VALUE}).")
  int prompt;

  @Option(
      names = "--decode",
      defaultValue = "32",
      paramLabel = "N",
      description = "Cached decode steps after the prefill (default ${DEFAULT-VALUE}).")
  int decode;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description =
          "Where the generated checkpoint and compiled models are kept, under llama-<shape>"
              + " (default ~/.cache/taskaware/bench).")
  Path cache;

  @Option(
      names = "--in-process",
      description = "Measure every format in this JVM instead of one JVM each.")
  boolean inProcess;

  @Mixin OutputOption out;

  /** For picocli. */
  public LlamaBenchCommand() {}

  @Override
  protected void execute() throws IOException {
    LlamaShape s;
    try {
      s = LlamaShape.named(shape);
    } catch (IllegalArgumentException e) {
      throw new CliInputException("--shape: " + e.getMessage(), e);
    }
    if (prompt < 1 || decode < 1) {
      throw new CliInputException(
          "--prompt and --decode must be >= 1, got " + prompt + " and " + decode);
    }
    if (prompt + decode + 8 > s.maxPositions()) {
      throw new CliInputException(
          "--prompt + --decode must stay within the "
              + s.maxPositions()
              + " positions of "
              + shape
              + ", got "
              + (prompt + decode));
    }
    try {
      LlamaBenchmark.checkFits(s, formats);
    } catch (IllegalArgumentException e) {
      throw new CliInputException("--formats: " + e.getMessage(), e);
    }
    Path root =
        cache != null
            ? cache
            : Path.of(System.getProperty("user.home"), ".cache", "taskaware", "bench");
    LlamaBenchmark.Report report =
        LlamaBenchmark.run(
            new LlamaBenchmark.Settings(
                s, formats, prompt, decode, root.resolve("llama-" + shape), out.file(), !inProcess),
            Provenance.of("examples/bench-llama"));
    out().print(LlamaBenchmark.table(report));
  }
}
