package ai.taskaware.examples.doctor;

import ai.taskaware.core.FoundationCheck;
import ai.taskaware.examples.cli.TaskawareSubcommand;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code taskaware doctor}: runs core's {@link FoundationCheck} — versions, execution providers and
 * why CUDA is or is not usable, a seeded checkpoint through the graph IR and ONNX Runtime checked
 * against ND4J, and the Pillow-identical preprocessing — so a user sees at once whether this
 * machine's stack works.
 */
@Command(
    name = "doctor",
    description = {
      "Checks this machine's stack end to end: versions, execution providers (and why CUDA is or is not"
          + " usable), a seeded checkpoint -> graph IR -> ONNX Runtime compared with ND4J, and Stable"
          + " Diffusion / CLIP / LLaVA preprocessing. Writes images and a result file to --out."
    })
public final class DoctorCommand extends TaskawareSubcommand {

  @Option(
      names = "--out",
      defaultValue = "target/foundation-check",
      paramLabel = "DIR",
      description = "Folder for the check's files (default ${DEFAULT-VALUE}).")
  Path out;

  /** For picocli. */
  public DoctorCommand() {}

  @Override
  protected void execute() throws Exception {
    FoundationCheck.run(out, out());
  }
}
