package ai.taskaware.examples.inspect;

import ai.taskaware.core.checkpoint.CheckpointFingerprint;
import ai.taskaware.core.checkpoint.SafetensorsWriter;
import ai.taskaware.core.runtime.GraphSessions;
import ai.taskaware.core.runtime.OnnxModelCache;
import ai.taskaware.core.runtime.OnnxSession;
import ai.taskaware.core.runtime.RuntimeOptions;
import ai.taskaware.diffusion.tap.TapName;
import ai.taskaware.diffusion.unet.UNetCheckpoint;
import ai.taskaware.diffusion.unet.UNetGraph;
import ai.taskaware.diffusion.unet.UNetSlice;
import ai.taskaware.examples.cli.CheckpointOption;
import ai.taskaware.examples.cli.InputTensors;
import ai.taskaware.examples.cli.OutputOption;
import ai.taskaware.examples.cli.TaskawareSubcommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code taskaware inspect unet}: runs the smallest U-Net slice that computes the requested taps on
 * {@code sample}, {@code timestep} and {@code encoder_hidden_states} and writes each tap under the
 * name it was requested by.
 */
@Command(
    name = "unet",
    description = {
      "Run a diffusers U-Net (SD 1.x/2.x) on saved inputs and save activations at taps.",
      "IN holds sample (float, BxCxHxW), timestep (int64, scalar or B) and encoder_hidden_states"
          + " (float, BxSxD). NAMEs are tap names in any spelling (diffusers module path, paper"
          + " name like U-L1-R1, or generic name); noise_pred is the full output. Only the U-Net"
          + " prefix the deepest tap needs is built."
    })
public final class InspectUNetCommand extends TaskawareSubcommand {

  @Mixin CheckpointOption checkpoint;

  @Option(
      names = "--inputs",
      required = true,
      paramLabel = "IN.safetensors",
      description = "sample, timestep, encoder_hidden_states.")
  Path inputs;

  @Option(
      names = "--outputs",
      required = true,
      split = ",",
      paramLabel = "NAME",
      description = "Taps to save, comma-separated, any spelling.")
  List<String> outputs;

  @Option(
      names = "--train-timesteps",
      defaultValue = "" + UNetGraph.DEFAULT_TRAIN_TIMESTEPS,
      paramLabel = "N",
      description =
          "Rows of the timestep-embedding table (scheduler num_train_timesteps;"
              + " default ${DEFAULT-VALUE}).")
  int trainTimesteps;

  @Mixin OutputOption out;

  /** For picocli. */
  public InspectUNetCommand() {}

  @Override
  protected void execute() {
    Path output = out.file();
    Map<String, INDArray> feeds = new LinkedHashMap<>();
    try (InputTensors in = InputTensors.open("--inputs", inputs)) {
      feeds.put(UNetGraph.SAMPLE, in.floats(UNetGraph.SAMPLE));
      feeds.put(UNetGraph.TIMESTEP, in.integers(UNetGraph.TIMESTEP));
      feeds.put(UNetGraph.ENCODER_HIDDEN_STATES, in.floats(UNetGraph.ENCODER_HIDDEN_STATES));
    }
    try (UNetCheckpoint unet = UNetCheckpoint.open(unetFolder(checkpoint.folder()))) {
      Map<String, TapName> tapOf = new LinkedHashMap<>();
      for (String name : new LinkedHashSet<>(outputs)) {
        tapOf.put(name, unet.layout().resolve(name.strip()));
      }
      List<TapName> taps = new ArrayList<>(new LinkedHashSet<>(tapOf.values()));
      UNetSlice slice = UNetGraph.slice(unet, taps, trainTimesteps);
      Map<String, INDArray> results;
      // Through the on-disk cache: a real U-Net is 3.5 GB, past what an in-memory model can hold.
      String options = "inspect/unet/" + trainTimesteps + "/" + slice.outputs().values();
      try (OnnxSession session =
          GraphSessions.open(
              slice::graph,
              CheckpointFingerprint.of(unet.folder()),
              options,
              RuntimeOptions.cpu(),
              new OnnxModelCache())) {
        results = session.run(feeds, new HashSet<>(slice.outputs().values()));
      }
      SafetensorsWriter writer = new SafetensorsWriter();
      tapOf.forEach((name, tap) -> writer.add(name, results.get(slice.outputName(tap))));
      writer.write(output);
      err().printf("wrote %d tensors to %s%n", tapOf.size(), output);
    }
  }

  /** A Stable Diffusion root folder is accepted too: its {@code unet/} subfolder is used. */
  private static Path unetFolder(Path folder) {
    return componentFolder(folder, "unet");
  }

  /**
   * {@code folder} itself when it holds a config.json, else its {@code component} subfolder when
   * that does.
   */
  static Path componentFolder(Path folder, String component) {
    Path nested = folder.resolve(component);
    if (!Files.exists(folder.resolve("config.json"))
        && Files.exists(nested.resolve("config.json"))) {
      return nested;
    }
    return folder;
  }
}
