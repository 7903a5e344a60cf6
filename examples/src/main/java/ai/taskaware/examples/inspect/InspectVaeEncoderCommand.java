package ai.taskaware.examples.inspect;

import ai.taskaware.core.checkpoint.SafetensorsWriter;
import ai.taskaware.core.runtime.OnnxModelCache;
import ai.taskaware.core.runtime.RuntimeOptions;
import ai.taskaware.diffusion.vae.VaeEncoder;
import ai.taskaware.examples.cli.CheckpointOption;
import ai.taskaware.examples.cli.CliInputException;
import ai.taskaware.examples.cli.InputTensors;
import ai.taskaware.examples.cli.OutputOption;
import ai.taskaware.examples.cli.TaskawareSubcommand;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code taskaware inspect vae-encoder}: runs a diffusers AutoencoderKL encoder on saved {@code
 * pixel_values} and writes the latent distribution's moments (before the scaling factor), as
 * diffusers' {@code encode(x).latent_dist.mean} / {@code .logvar} give them.
 */
@Command(
    name = "vae-encoder",
    description = {
      "Run a diffusers AutoencoderKL encoder (vae/ folder, or an SD root holding one) on saved inputs.",
      "IN holds pixel_values (float, Bx3xHxW in [-1, 1]). NAMEs: latent_mean, latent_logvar"
          + " (diffusers' latent_dist.mean / .logvar, before scaling_factor)."
    })
public final class InspectVaeEncoderCommand extends TaskawareSubcommand {

  private static final List<String> OUTPUTS = List.of("latent_mean", "latent_logvar");

  @Mixin CheckpointOption checkpoint;

  @Option(
      names = "--inputs",
      required = true,
      paramLabel = "IN.safetensors",
      description = "pixel_values.")
  Path inputs;

  @Option(
      names = "--outputs",
      split = ",",
      defaultValue = "latent_mean",
      paramLabel = "NAME",
      description = "latent_mean and/or latent_logvar, comma-separated (default ${DEFAULT-VALUE}).")
  List<String> outputs;

  @Mixin OutputOption out;

  /** For picocli. */
  public InspectVaeEncoderCommand() {}

  @Override
  protected void execute() {
    for (String name : outputs) {
      if (!OUTPUTS.contains(name.strip())) {
        throw new CliInputException(
            "--outputs: unknown output '" + name + "', expected one of " + OUTPUTS);
      }
    }
    Path output = out.file();
    INDArray pixels;
    try (InputTensors in = InputTensors.open("--inputs", inputs)) {
      pixels = in.floats("pixel_values");
    }
    Path folder = InspectUNetCommand.componentFolder(checkpoint.folder(), "vae");
    try (VaeEncoder vae = VaeEncoder.open(folder, RuntimeOptions.cpu(), new OnnxModelCache())) {
      VaeEncoder.LatentMoments moments = vae.moments(pixels);
      SafetensorsWriter writer = new SafetensorsWriter();
      for (String name : new LinkedHashSet<>(outputs)) {
        writer.add(
            name.strip(), name.strip().equals("latent_mean") ? moments.mean() : moments.logvar());
      }
      writer.write(output);
      err().printf("wrote %s to %s%n", outputs, output);
    }
  }
}
