package ai.taskaware.examples.inspect;

import ai.taskaware.clip.ClipCheckpoint;
import ai.taskaware.clip.ClipRuntime;
import ai.taskaware.clip.vision.ClipVisionGraph;
import ai.taskaware.clip.vision.LlavaFeatureSelection;
import ai.taskaware.core.checkpoint.SafetensorsWriter;
import ai.taskaware.core.runtime.OnnxModelCache;
import ai.taskaware.core.runtime.OnnxSession;
import ai.taskaware.examples.cli.CheckpointOption;
import ai.taskaware.examples.cli.InputTensors;
import ai.taskaware.examples.cli.OutputOption;
import ai.taskaware.examples.cli.TaskawareSubcommand;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code taskaware inspect clip-vision}: runs a CLIP vision tower (CLIPVisionModel or full
 * CLIPModel folder) on saved {@code pixel_values} and writes the requested outputs under their
 * transformers names.
 */
@Command(
    name = "clip-vision",
    description = {
      "Run a CLIP vision tower (CLIPVisionModel or CLIPModel folder) on saved pixel_values (float Bx3xHxW).",
      "NAMEs as transformers names them: hidden_states.N (0 = pre_layrnorm(embeddings)), last_hidden_state,"
          + " pooler_output, image_embeds (CLIPModel only), llava_image_features (hidden_states[-2][:, 1:]"
          + " by default)."
    })
public final class InspectClipVisionCommand extends TaskawareSubcommand {

  @Mixin CheckpointOption checkpoint;

  @Option(
      names = "--inputs",
      required = true,
      paramLabel = "IN.safetensors",
      description = "pixel_values.")
  Path inputs;

  @Option(
      names = "--outputs",
      required = true,
      split = ",",
      paramLabel = "NAME",
      description = "Outputs to save, comma-separated.")
  List<String> outputs;

  @Option(
      names = "--llava-layer",
      defaultValue = "-2",
      paramLabel = "L",
      description =
          "Hidden state llava_image_features takes; negative counts from the end (default ${DEFAULT-VALUE}).")
  int llavaLayer;

  @Option(
      names = "--llava-tokens",
      defaultValue = "PATCH",
      paramLabel = "PATCH|CLS_PATCH",
      description = "Tokens llava_image_features keeps (default ${DEFAULT-VALUE}).")
  LlavaFeatureSelection.Tokens llavaTokens;

  @Mixin OutputOption out;

  /** For picocli. */
  public InspectClipVisionCommand() {}

  @Override
  protected void execute() {
    Path output = out.file();
    INDArray pixels;
    try (InputTensors in = InputTensors.open("--inputs", inputs)) {
      pixels = in.floats(ClipVisionGraph.PIXEL_VALUES);
    }
    Set<String> names = new LinkedHashSet<>();
    outputs.forEach(n -> names.add(n.strip()));
    LlavaFeatureSelection llava = new LlavaFeatureSelection(llavaLayer, llavaTokens);
    try (ClipCheckpoint clip = ClipCheckpoint.open(checkpoint.folder());
        OnnxSession session =
            ClipRuntime.cpu()
                .withCache(new OnnxModelCache())
                .open(
                    ClipVisionGraph.build(clip, names, llava),
                    clip,
                    "inspect/clip-vision/" + names + "/" + llava)) {
      Map<String, INDArray> results =
          session.run(Map.of(ClipVisionGraph.PIXEL_VALUES, pixels), names);
      SafetensorsWriter writer = new SafetensorsWriter();
      names.forEach(n -> writer.add(n, results.get(n)));
      writer.write(output);
      err().printf("wrote %d tensors to %s%n", names.size(), output);
    }
  }
}
