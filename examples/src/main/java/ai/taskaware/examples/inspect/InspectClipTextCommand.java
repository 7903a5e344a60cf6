package ai.taskaware.examples.inspect;

import ai.taskaware.clip.ClipCheckpoint;
import ai.taskaware.clip.ClipRuntime;
import ai.taskaware.clip.text.ClipTextGraph;
import ai.taskaware.core.checkpoint.SafetensorsWriter;
import ai.taskaware.core.runtime.OnnxModelCache;
import ai.taskaware.core.runtime.OnnxSession;
import ai.taskaware.examples.cli.CheckpointOption;
import ai.taskaware.examples.cli.InputTensors;
import ai.taskaware.examples.cli.OutputOption;
import ai.taskaware.examples.cli.TaskawareSubcommand;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code taskaware inspect clip-text}: runs a CLIP text tower (CLIPTextModel, e.g. SD2.1's {@code
 * text_encoder/}, or a full CLIPModel folder) on saved {@code input_ids} (and {@code
 * attention_mask} when present) and writes the requested outputs under their transformers names.
 */
@Command(
    name = "clip-text",
    description = {
      "Run a CLIP text tower (CLIPTextModel or CLIPModel folder) on saved input_ids (int64 BxS) and, when"
          + " present, attention_mask (then the padding mask is applied as well as the causal one).",
      "NAMEs: hidden_states.N, last_hidden_state (what SD conditions on), prompt_embeds (diffusers' clip_skip"
          + " output), pooler_output (EOS position), text_embeds (CLIPModel only)."
    })
public final class InspectClipTextCommand extends TaskawareSubcommand {

  @Mixin CheckpointOption checkpoint;

  @Option(
      names = "--inputs",
      required = true,
      paramLabel = "IN.safetensors",
      description = "input_ids; optional attention_mask.")
  Path inputs;

  @Option(
      names = "--outputs",
      required = true,
      split = ",",
      paramLabel = "NAME",
      description = "Outputs to save, comma-separated.")
  List<String> outputs;

  @Option(
      names = "--clip-skip",
      defaultValue = "0",
      paramLabel = "K",
      description = "diffusers' clip_skip for prompt_embeds (default ${DEFAULT-VALUE}).")
  int clipSkip;

  @Mixin OutputOption out;

  /** For picocli. */
  public InspectClipTextCommand() {}

  @Override
  protected void execute() {
    Path output = out.file();
    Map<String, INDArray> feeds = new LinkedHashMap<>();
    try (InputTensors in = InputTensors.open("--inputs", inputs)) {
      feeds.put(ClipTextGraph.INPUT_IDS, in.integers(ClipTextGraph.INPUT_IDS));
      if (in.has(ClipTextGraph.ATTENTION_MASK)) {
        feeds.put(ClipTextGraph.ATTENTION_MASK, in.integers(ClipTextGraph.ATTENTION_MASK));
      }
    }
    Set<String> names = new LinkedHashSet<>();
    outputs.forEach(n -> names.add(n.strip()));
    ClipTextGraph.Options options =
        new ClipTextGraph.Options(clipSkip, feeds.containsKey(ClipTextGraph.ATTENTION_MASK));
    try (ClipCheckpoint clip = ClipCheckpoint.open(checkpoint.folder());
        OnnxSession session =
            ClipRuntime.cpu()
                .withCache(new OnnxModelCache())
                .open(
                    ClipTextGraph.build(clip, names, options),
                    clip,
                    "inspect/clip-text/" + names + "/" + options)) {
      Map<String, INDArray> results = session.run(feeds, names);
      SafetensorsWriter writer = new SafetensorsWriter();
      names.forEach(n -> writer.add(n, results.get(n)));
      writer.write(output);
      err().printf("wrote %d tensors to %s%n", names.size(), output);
    }
  }
}
