package ai.taskaware.examples.bench;

import ai.taskaware.core.provenance.Provenance;
import ai.taskaware.examples.cli.CliInputException;
import ai.taskaware.examples.cli.OutputOption;
import ai.taskaware.examples.cli.TaskawareSubcommand;
import ai.taskaware.llm.benchmark.LlamaBenchmark;
import ai.taskaware.llm.benchmark.LlamaShape;
import ai.taskaware.llm.llama.LinearWeights;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code taskaware bench-llama}: prefill and decode throughput, load time and memory of the
 * LLaMA/Vicuna decoder in each linear-weight format, on a generated fp16 checkpoint of a named
 * shape. The measuring is {@link LlamaBenchmark}'s; this command only parses options and checks
 * that a format's weights can fit in memory before spending minutes building it.
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
    checkFits(s);
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

  /** Refuses formats whose resident linear weights alone exceed this machine's memory. */
  private void checkFits(LlamaShape s) {
    long physical = physicalMemory();
    List<String> tooBig = new ArrayList<>();
    for (LinearWeights f : formats) {
      double bytes = s.linearParameters() * f.bytesPerParameter();
      if (physical > 0 && bytes > physical) {
        tooBig.add(String.format(Locale.ROOT, "%s (%.1f GB)", f, bytes / 1e9));
      }
    }
    if (!tooBig.isEmpty()) {
      throw new CliInputException(
          String.format(
              Locale.ROOT,
              "--formats: the %s linear weights of %s do not fit this machine's %.1f GB of memory;"
                  + " choose among %s",
              tooBig,
              shape,
              physical / 1e9,
              Arrays.toString(LinearWeights.values())));
    }
  }

  private static long physicalMemory() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return 0;
  }
}
