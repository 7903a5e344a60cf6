package ai.taskaware.examples.inspect;

import ai.taskaware.core.checkpoint.SafetensorsWriter;
import ai.taskaware.examples.cli.CheckpointOption;
import ai.taskaware.examples.cli.CliInputException;
import ai.taskaware.examples.cli.InputTensors;
import ai.taskaware.examples.cli.OutputOption;
import ai.taskaware.examples.cli.TaskawareSubcommand;
import ai.taskaware.llm.llama.KvCache;
import ai.taskaware.llm.llama.LlamaGraphs;
import ai.taskaware.llm.llama.LlamaInputs;
import ai.taskaware.llm.llama.LlamaModel;
import ai.taskaware.llm.llama.LlamaOutputs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import me.tongfei.progressbar.ProgressBar;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code taskaware inspect llama}: one decoder forward of a LLaMA-family model on saved inputs, or
 * a prefill followed by single-token cached decode steps, with the named outputs saved.
 */
@Command(
    name = "llama",
    description = {
      "Run a LLaMA-family causal LM (Hugging Face folder) on saved inputs and save named outputs.",
      "IN holds input_ids (int64 BxS) or inputs_embeds (float BxSxH), optionally attention_mask"
          + " (BxS, default all ones) and position_ids (BxS, default 0..S-1, as transformers'"
          + " forward). NAMEs: logits, hidden_states.N (0 = embeddings), layer_output.i,"
          + " present.i.key, present.i.value.",
      "With --decode-from K the first K positions are prefilled (NAMEs are read from that call;"
          + " present.* from the cache after the last step) and every later position T is decoded"
          + " alone through the KV cache, saving its logits as kv.step_logits.T."
    })
public final class InspectLlamaCommand extends TaskawareSubcommand {
  private static final String STEP_LOGITS = "kv.step_logits.";

  @Mixin CheckpointOption checkpoint;

  @Option(
      names = "--inputs",
      required = true,
      paramLabel = "IN.safetensors",
      description = "input_ids or inputs_embeds; optional attention_mask, position_ids.")
  Path inputs;

  @Option(
      names = "--outputs",
      split = ",",
      paramLabel = "NAME",
      description = "Outputs to save, comma-separated (default: logits).")
  List<String> outputs = new ArrayList<>(List.of(LlamaGraphs.LOGITS));

  @Option(
      names = "--decode-from",
      paramLabel = "K",
      description = "Prefill K positions, then decode the rest one position at a time.")
  Integer decodeFrom;

  @Mixin OutputOption out;

  /** For picocli. */
  public InspectLlamaCommand() {}

  /** The decoder inputs of the file, embedded when given as ids. */
  private record Sequence(INDArray embeds, INDArray mask, INDArray positions) {
    long length() {
      return embeds.size(1);
    }

    /** Columns {@code [from, to)} of embeddings and positions, mask columns {@code [0, to)}. */
    LlamaInputs window(long from, long to, KvCache past) {
      INDArrayIndex cols = NDArrayIndex.interval(from, to);
      return new LlamaInputs(
          embeds.get(NDArrayIndex.all(), cols, NDArrayIndex.all()).dup(),
          mask.get(NDArrayIndex.all(), NDArrayIndex.interval(0, to)).dup(),
          positions.get(NDArrayIndex.all(), cols).dup(),
          past);
    }
  }

  @Override
  protected void execute() {
    Path output = out.file();
    try (LlamaModel model = LlamaModel.load(checkpoint.folder())) {
      Sequence seq = read(model);
      Set<String> names = new LinkedHashSet<>();
      for (String n : outputs) {
        names.add(n.strip());
      }
      Map<String, INDArray> saved =
          decodeFrom == null
              ? model.run(seq.window(0, seq.length(), empty(model, seq)), names)
              : decode(model, seq, names);
      SafetensorsWriter writer = new SafetensorsWriter();
      saved.forEach(writer::add);
      writer.write(output);
      err().printf("wrote %d tensors to %s%n", saved.size(), output);
    }
  }

  private Map<String, INDArray> decode(LlamaModel model, Sequence seq, Set<String> names) {
    long k = decodeFrom;
    if (k < 1 || k >= seq.length()) {
      throw new CliInputException(
          "--decode-from "
              + k
              + ": must be in [1, "
              + (seq.length() - 1)
              + "] for an input of "
              + seq.length()
              + " positions");
    }
    int layers = model.config().numHiddenLayers();
    Set<String> fromPrefill = new LinkedHashSet<>();
    Set<String> fromFinalCache = new LinkedHashSet<>();
    for (String n : names) {
      if (n.startsWith("present.")) {
        fromFinalCache.add(n);
      } else if (!n.startsWith(STEP_LOGITS)) {
        fromPrefill.add(n);
      }
    }
    Set<String> wanted = new HashSet<>(fromPrefill);
    for (int i = 0; i < layers; i++) {
      wanted.add(LlamaGraphs.presentKey(i));
      wanted.add(LlamaGraphs.presentValue(i));
    }
    Map<String, INDArray> prefill = model.run(seq.window(0, k, empty(model, seq)), wanted);
    Map<String, INDArray> saved = new LinkedHashMap<>();
    fromPrefill.forEach(n -> saved.put(n, prefill.get(n)));
    List<INDArray> keys = new ArrayList<>();
    List<INDArray> values = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      keys.add(prefill.get(LlamaGraphs.presentKey(i)));
      values.add(prefill.get(LlamaGraphs.presentValue(i)));
    }
    KvCache cache = new KvCache(keys, values);
    try (ProgressBar bar = progress("decode", seq.length() - k)) {
      for (long t = k; t < seq.length(); t++) {
        LlamaOutputs step = model.forward(seq.window(t, t + 1, cache), false);
        saved.put(STEP_LOGITS + t, step.logits());
        cache = step.present();
        bar.step();
      }
    }
    for (String n : fromFinalCache) {
      String[] parts = n.split("\\.");
      int layer = parts.length == 3 ? parseLayer(parts[1]) : -1;
      if (layer < 0 || layer >= layers || !Set.of("key", "value").contains(parts[2])) {
        throw new CliInputException(
            "--outputs "
                + n
                + ": expected present.i.key or present.i.value with i in [0, "
                + layers
                + ")");
      }
      saved.put(n, (parts[2].equals("key") ? cache.keys() : cache.values()).get(layer));
    }
    return saved;
  }

  private static int parseLayer(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static KvCache empty(LlamaModel model, Sequence seq) {
    return model.emptyCache(seq.embeds().size(0));
  }

  private Sequence read(LlamaModel model) {
    try (InputTensors in = InputTensors.open("--inputs", inputs)) {
      INDArray embeds;
      boolean ids = in.has(LlamaGraphs.INPUT_IDS);
      if (ids == in.has(LlamaGraphs.INPUTS_EMBEDS)) {
        throw new CliInputException(
            "--inputs "
                + inputs
                + ": expected exactly one of input_ids and inputs_embeds, found "
                + (ids ? "both" : "neither"));
      }
      if (ids) {
        INDArray inputIds = in.integers(LlamaGraphs.INPUT_IDS);
        requireRank(inputIds, 2, LlamaGraphs.INPUT_IDS, "[batch, sequence]");
        embeds = model.embed(inputIds);
      } else {
        embeds = in.floats(LlamaGraphs.INPUTS_EMBEDS);
        requireRank(embeds, 3, LlamaGraphs.INPUTS_EMBEDS, "[batch, sequence, hidden]");
      }
      long b = embeds.size(0);
      long s = embeds.size(1);
      INDArray mask =
          in.has(LlamaGraphs.ATTENTION_MASK)
              ? in.integers(LlamaGraphs.ATTENTION_MASK)
              : Nd4j.ones(DataType.LONG, b, s);
      INDArray positions =
          in.has("position_ids")
              ? in.integers("position_ids")
              : Nd4j.arange(0, s).castTo(DataType.LONG).reshape(1, s).repeat(0, b);
      requireShape(mask, LlamaGraphs.ATTENTION_MASK, b, s);
      requireShape(positions, "position_ids", b, s);
      return new Sequence(embeds, mask, positions);
    }
  }

  private void requireRank(INDArray a, int rank, String name, String expected) {
    if (a.rank() != rank) {
      throw new CliInputException(
          "--inputs "
              + inputs
              + ": tensor '"
              + name
              + "' has shape "
              + Arrays.toString(a.shape())
              + ", expected "
              + expected);
    }
  }

  private void requireShape(INDArray a, String name, long b, long s) {
    if (a.rank() != 2 || a.size(0) != b || a.size(1) != s) {
      throw new CliInputException(
          "--inputs "
              + inputs
              + ": tensor '"
              + name
              + "' has shape "
              + Arrays.toString(a.shape())
              + ", expected ["
              + b
              + ", "
              + s
              + "]");
    }
  }
}
