package ai.taskaware.examples.itm;

import ai.taskaware.benchmarks.harness.RunSettings;
import ai.taskaware.benchmarks.mmvpvlm.MmvpVlmDataset;
import ai.taskaware.benchmarks.mmvpvlm.MmvpVlmRunner;
import ai.taskaware.benchmarks.winoground.WinogroundDataset;
import ai.taskaware.benchmarks.winoground.WinogroundExample;
import ai.taskaware.benchmarks.winoground.WinogroundRunner;
import ai.taskaware.clip.ClipRuntime;
import ai.taskaware.core.model.ImageTextScorer;
import ai.taskaware.core.provenance.Provenance;
import ai.taskaware.core.provenance.ResultFile;
import ai.taskaware.examples.cli.CliInputException;
import ai.taskaware.examples.cli.TaskawareSubcommand;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code taskaware itm}: one benchmark × one scorer through benchmarks-vqa's runner, which writes
 * {@code predictions.jsonl}, {@code predictions.json} and {@code summary.json} into {@code --out};
 * the printed Table-1-style row is read back from that {@code summary.json}.
 */
@Command(
    name = "itm",
    description = {
      "Image-text matching (the paper's Table 1): a benchmark scored with CLIP or Stable"
          + " Diffusion's cross-attention; results and summary.json in --out, the table row on"
          + " stdout."
    })
public final class ItmCommand extends TaskawareSubcommand {

  /** The benchmarks. */
  enum Benchmark {
    MMVP_VLM("mmvp-vlm"),
    WINOGROUND("winoground");

    final String label;

    Benchmark(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  @Option(
      names = "--benchmark",
      required = true,
      paramLabel = "NAME",
      converter = BenchmarkConverter.class,
      description = "mmvp-vlm or winoground.")
  Benchmark benchmark;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description =
          "The benchmark as published: for mmvp-vlm a folder with Questions.csv and 'MLLM_VLM"
              + " Images/'; for winoground a folder with examples.jsonl and images/.")
  Path data;

  @Option(
      names = "--scorer",
      required = true,
      paramLabel = "NAME",
      converter = ScorerConverter.class,
      description =
          "clip (needs --clip), sd-xattn (the paper's cross-attention pooling, needs --sd) or"
              + " sd-discffusion (DiscFFusion's pooling, needs --sd).")
  ImageTextScorers.Kind scorer;

  @Option(names = "--clip", paramLabel = "DIR", description = "A transformers CLIPModel folder.")
  Path clip;

  @Option(
      names = "--sd",
      paramLabel = "DIR",
      description = "A diffusers Stable Diffusion folder (stable-diffusion-2-1-base layout).")
  Path sd;

  @Option(
      names = "--timesteps",
      split = ",",
      paramLabel = "T",
      description = "SD scorers' timesteps (default the paper's 189,389,589,789,989).")
  List<Integer> timesteps;

  @Option(
      names = "--seeds",
      split = ",",
      paramLabel = "N",
      description = "SD scorers' noise trials (default the paper's 0,1,2).")
  List<Long> seeds;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Winoground only: score the first N examples (default all).")
  Integer limit;

  @Option(
      names = "--workers",
      defaultValue = "2",
      paramLabel = "N",
      description = "Items scored concurrently (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--resume",
      description = "Keep the items already in --out's predictions.jsonl and score the rest.")
  boolean resume;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Folder of predictions.jsonl, predictions.json and summary.json.")
  Path out;

  /** For picocli. */
  public ItmCommand() {}

  @Override
  protected void execute() throws Exception {
    if (!Files.isDirectory(data)) {
      throw new CliInputException("--data " + data + ": not a folder");
    }
    if (workers < 1) {
      throw new CliInputException("--workers: expected at least 1, got " + workers);
    }
    Provenance provenance = Provenance.of("examples/itm").withOption("data", data);
    try (ImageTextScorer s = openScorer();
        ProgressBar bar = progress(benchmark + " " + scorer, -1)) {
      provenance =
          ImageTextScorers.withCheckpoint(provenance, scorer, scorer.stableDiffusion() ? sd : clip);
      RunSettings settings =
          new RunSettings(out, resume, provenance, (stage, d, t) -> progressTo(bar, d, t), workers);
      if (benchmark == Benchmark.MMVP_VLM) {
        if (limit != null) {
          throw new CliInputException("--limit: only for winoground (MMVP-VLM needs all patterns)");
        }
        MmvpVlmRunner.run(s, MmvpVlmDataset.load(data), settings);
      } else {
        List<WinogroundExample> examples = WinogroundDataset.load(data);
        if (limit != null) {
          if (limit < 1) {
            throw new CliInputException("--limit: expected at least 1, got " + limit);
          }
          examples = examples.subList(0, Math.min(limit, examples.size()));
        }
        WinogroundRunner.run(s, examples, settings);
      }
    }
    printRow(ResultFile.readResults(out.resolve(RunSettings.SUMMARY)));
  }

  private static void progressTo(ProgressBar bar, long done, long total) {
    if (total > 0) {
      bar.maxHint(total);
    }
    bar.stepTo(done);
  }

  private ImageTextScorer openScorer() {
    if (scorer.stableDiffusion()) {
      requireFolder("--sd", sd, scorer.label());
    } else {
      requireFolder("--clip", clip, "clip");
    }
    return ImageTextScorers.open(
        scorer, scorer.stableDiffusion() ? sd : clip, ClipRuntime.cpu(), timesteps, seeds);
  }

  private static void requireFolder(String option, Path folder, String scorer) {
    if (folder == null) {
      throw new CliInputException(option + " DIR is required by --scorer " + scorer);
    }
    if (!Files.isDirectory(folder)) {
      throw new CliInputException(option + " " + folder + ": not a folder");
    }
  }

  /** The Table-1-style row of {@code summary}: MMVP-VLM per pattern and average, or Winoground. */
  private void printRow(JsonNode summary) {
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-16s", "scorer"));
    StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-16s", scorer.label()));
    if (benchmark == Benchmark.MMVP_VLM) {
      Iterator<Map.Entry<String, JsonNode>> patterns = summary.get("perPattern").fields();
      while (patterns.hasNext()) {
        Map.Entry<String, JsonNode> e = patterns.next();
        String name = e.getKey();
        header.append(
            String.format(Locale.ROOT, " %8s", name.substring(0, Math.min(8, name.length()))));
        row.append(String.format(Locale.ROOT, " %8.1f", e.getValue().asDouble()));
      }
      header.append(String.format(Locale.ROOT, " %8s", "average"));
      row.append(String.format(Locale.ROOT, " %8.1f", summary.get("average").asDouble()));
    } else {
      for (String k : List.of("text", "image", "group")) {
        header.append(String.format(Locale.ROOT, " %8s", k));
        row.append(String.format(Locale.ROOT, " %8.3f", summary.get(k).asDouble()));
      }
    }
    out().println(benchmark.label + ":");
    out().println(header);
    out().println(row);
    out().println(out.resolve(RunSettings.SUMMARY).toAbsolutePath());
  }

  /** Parses {@link Benchmark} labels. */
  static final class BenchmarkConverter implements picocli.CommandLine.ITypeConverter<Benchmark> {
    @Override
    public Benchmark convert(String value) {
      for (Benchmark b : Benchmark.values()) {
        if (b.label.equals(value)) {
          return b;
        }
      }
      throw new picocli.CommandLine.TypeConversionException(
          "expected mmvp-vlm or winoground, got '" + value + "'");
    }
  }

  /** Parses {@link Scorer} labels. */
  static final class ScorerConverter
      implements picocli.CommandLine.ITypeConverter<ImageTextScorers.Kind> {
    @Override
    public ImageTextScorers.Kind convert(String value) {
      try {
        return ImageTextScorers.Kind.of(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
