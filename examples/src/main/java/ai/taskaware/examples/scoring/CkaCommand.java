package ai.taskaware.examples.scoring;

import ai.taskaware.core.provenance.Provenance;
import ai.taskaware.core.provenance.ResultFile;
import ai.taskaware.examples.cli.CliInputException;
import ai.taskaware.examples.cli.InputTensors;
import ai.taskaware.examples.cli.OutputOption;
import ai.taskaware.examples.cli.TaskawareSubcommand;
import ai.taskaware.metrics.cka.Cka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code taskaware cka}: linear, RBF and debiased linear CKA between two representations of the
 * same examples saved as safetensors.
 */
@Command(
    name = "cka",
    description = {
      "Centered kernel alignment between two representations of the same examples.",
      "X and Y are FILE (its single tensor) or FILE:NAME; rows are examples, and dimensions after"
          + " the first are flattened into features (e.g. N x C x H x W -> N x CHW). CKA.json:"
          + " {\"results\": {\"linear\", \"rbf\", \"debiased_linear\"}, \"provenance\": ...}."
    })
public final class CkaCommand extends TaskawareSubcommand {

  @Option(
      names = "--x",
      required = true,
      paramLabel = "FILE[:NAME]",
      description = "First representation.")
  String x;

  @Option(
      names = "--y",
      required = true,
      paramLabel = "FILE[:NAME]",
      description = "Second representation (same number of rows).")
  String y;

  @Option(
      names = "--rbf-threshold",
      defaultValue = "0.5",
      paramLabel = "T",
      description =
          "RBF bandwidth as a fraction of the median distance (default ${DEFAULT-VALUE}).")
  double rbfThreshold;

  @Mixin OutputOption out;

  /** For picocli. */
  public CkaCommand() {}

  @Override
  protected void execute() {
    Path output = out.file();
    INDArray a = features("--x", x);
    INDArray b = features("--y", y);
    if (a.size(0) != b.size(0)) {
      throw new CliInputException(
          "--x "
              + x
              + " has "
              + a.size(0)
              + " rows but --y "
              + y
              + " has "
              + b.size(0)
              + "; rows are examples and must correspond");
    }
    Map<String, Double> results = new LinkedHashMap<>();
    results.put("linear", Cka.linear(a, b));
    results.put("rbf", Cka.rbf(a, b, rbfThreshold));
    results.put("debiased_linear", Cka.debiasedLinear(a, b));
    ResultFile.write(
        output,
        results,
        Provenance.of("taskaware cka")
            .withOption("x", x)
            .withOption("y", y)
            .withOption("rbf_threshold", rbfThreshold)
            .withOption("rows", a.size(0)));
    results.forEach((k, v) -> out().printf(Locale.ROOT, "%-16s %.12f%n", k, v));
    err().printf("wrote %s%n", output);
  }

  /** The tensor named by {@code spec} as an examples × features matrix. */
  private static INDArray features(String option, String spec) {
    Path file = Path.of(spec);
    String name = null;
    int colon = spec.lastIndexOf(':');
    if (!Files.exists(file) && colon > 0) {
      file = Path.of(spec.substring(0, colon));
      name = spec.substring(colon + 1);
    }
    try (InputTensors in = InputTensors.open(option, file)) {
      if (name == null) {
        if (in.names().size() != 1) {
          throw new CliInputException(
              option
                  + " "
                  + file
                  + ": holds "
                  + in.names().size()
                  + " tensors "
                  + new TreeSet<>(in.names())
                  + "; name one as FILE:NAME");
        }
        name = in.names().iterator().next();
      }
      INDArray t = in.floatsAsStored(name);
      if (t.rank() < 2) {
        throw new CliInputException(
            option
                + " "
                + file
                + ": tensor '"
                + name
                + "' has shape "
                + Arrays.toString(t.shape())
                + ", expected at least 2 dimensions (examples x features)");
      }
      return t.reshape('c', t.size(0), t.length() / t.size(0));
    }
  }
}
