package ai.taskaware.examples.demo;

import ai.taskaware.benchmarks.mmvpvlm.MmvpVlmDataset;
import ai.taskaware.benchmarks.mmvpvlm.MmvpVlmPair;
import ai.taskaware.benchmarks.naturalbench.NaturalBenchDataset;
import ai.taskaware.benchmarks.naturalbench.NaturalBenchSample;
import ai.taskaware.benchmarks.winoground.WinogroundDataset;
import ai.taskaware.benchmarks.winoground.WinogroundExample;
import ai.taskaware.clip.ClipRuntime;
import ai.taskaware.clip.text.ClipTextEncoder;
import ai.taskaware.core.checkpoint.CheckpointFingerprint;
import ai.taskaware.core.model.ImageTextScorer;
import ai.taskaware.core.provenance.Provenance;
import ai.taskaware.diffusion.DiffusionFeatureExtractor;
import ai.taskaware.diffusion.ExtractorOptions;
import ai.taskaware.examples.cli.CliInputException;
import ai.taskaware.examples.cli.TaskawareSubcommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code taskaware demo}: the paper's pipeline end to end. Writes (once) a tiny model pack with
 * random weights, draws a benchmark in the published formats and loads it back through
 * benchmarks-vqa's loaders, runs image–text matching with every scorer, extracts question-
 * conditioned U-Net features at the paper's taps, timesteps and guidance scales, analyses them
 * (pair similarity, CKA, PCA maps, cross-attention maps) and writes {@code report/index.html}. With
 * {@code --sd}, {@code --clip} and {@code --data} the same steps run on real checkpoints and
 * benchmark files.
 */
@Command(
    name = "demo",
    description = {
      "The paper's pipeline end to end, ending in an HTML report: model pack, benchmark, U-Net"
          + " features at the paper's taps (t = 10, 50, 100; s = 0, 1, 4), image-text matching"
          + " (Table 1), pair similarity, CKA, PCA and cross-attention maps.",
      "By default the models are tiny and have RANDOM weights (scores near chance); point it at"
          + " real checkpoints with --sd, --clip and --data."
    })
public final class DemoCommand extends TaskawareSubcommand {

  @Option(
      names = "--out",
      defaultValue = "target/demo",
      paramLabel = "DIR",
      description =
          "Output folder; the report is DIR/report/index.html (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description =
          "Where the generated model pack is kept and reused (default ~/.cache/taskaware/demo-pack).")
  Path cache;

  @Option(
      names = "--sd",
      paramLabel = "DIR",
      description =
          "A diffusers Stable Diffusion folder (unet/, vae/, scheduler/, text_encoder/, tokenizer/),"
              + " e.g. stabilityai/stable-diffusion-2-1-base, instead of the generated one.")
  Path sd;

  @Option(
      names = "--clip",
      paramLabel = "DIR",
      description =
          "A transformers CLIPModel folder with its tokenizer files, e.g."
              + " openai/clip-vit-large-patch14-336, instead of the generated one.")
  Path clip;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Benchmarks as published instead of the drawn ones: DIR/mmvp-vlm (Questions.csv,"
              + " 'MLLM_VLM Images/'), DIR/winoground (examples.jsonl, images/), DIR/naturalbench"
              + " (naturalbench.jsonl and its images).")
  Path data;

  @Option(
      names = "--feature-samples",
      defaultValue = "4",
      paramLabel = "N",
      description = "NaturalBench samples (image pairs) whose features are analysed (default 4).")
  int featureSamples;

  /** Seed of the drawn benchmark. */
  static final long BENCHMARK_SEED = 7;

  /** For picocli. */
  public DemoCommand() {}

  @Override
  protected void execute() throws Exception {
    long start = System.nanoTime();
    if (featureSamples < 1) {
      throw new CliInputException("--feature-samples: expected at least 1, got " + featureSamples);
    }
    requireFolder("--sd", sd);
    requireFolder("--clip", clip);
    requireFolder("--data", data);
    boolean generated = sd == null || clip == null;
    if (generated) {
      out().println("NOTE: " + DemoReport.RANDOM_WEIGHTS);
      out().println("      " + DemoReport.REAL_CHECKPOINTS);
    }
    Path reportDir = out.resolve("report");
    Files.createDirectories(reportDir);

    List<String> modelLines = new ArrayList<>();
    DemoPack pack;
    try (ProgressBars bars = new ProgressBars(this::progress)) {
      if (generated) {
        Path folder = cache != null ? cache : defaultCache();
        out().println(elapsed(start) + " [1/5] model pack in " + folder);
        DemoPack made =
            DemoPack.ensure(folder, (stage, d, t) -> bars.progress("write model pack", d, t));
        out()
            .println(
                made.reused()
                    ? "      reusing the cached pack (fingerprints match)"
                    : "      generated a tiny SD2.1-architecture pack and a tiny CLIP (random weights)");
        pack =
            new DemoPack(
                sd != null ? sd : made.stableDiffusion(),
                clip != null ? clip : made.clip(),
                true,
                made.reused());
      } else {
        out().println(elapsed(start) + " [1/5] models: " + sd + ", " + clip);
        pack = DemoPack.of(sd, clip);
      }
    }
    String sdPrint = CheckpointFingerprint.of(pack.stableDiffusion().resolve("unet"));
    String clipPrint = CheckpointFingerprint.of(pack.clip());
    modelLines.add(
        "Stable Diffusion: " + pack.stableDiffusion() + " (U-Net fingerprint " + sdPrint + ")");
    modelLines.add("CLIP: " + pack.clip() + " (fingerprint " + clipPrint + ")");
    Provenance provenance =
        Provenance.of("examples/demo")
            .withCheckpoint("stable_diffusion_unet", sdPrint)
            .withCheckpoint("clip", clipPrint)
            .withOption("random_weights", generated);

    Path benchmark = data;
    if (benchmark == null) {
      benchmark = out.resolve("benchmark");
      out().println(elapsed(start) + " " + "[2/5] drawing the benchmark into " + benchmark);
      try (ProgressBars bars = new ProgressBars(this::progress)) {
        SyntheticBenchmark.write(benchmark, BENCHMARK_SEED, bars);
      }
      provenance = provenance.withSeed("benchmark", BENCHMARK_SEED);
    } else {
      out().println(elapsed(start) + " " + "[2/5] benchmark files from " + benchmark);
    }
    Path mmvpRoot = benchmark.resolve(SyntheticBenchmark.MMVP_VLM);
    Path winoRoot = benchmark.resolve(SyntheticBenchmark.WINOGROUND);
    Path naturalRoot = benchmark.resolve(SyntheticBenchmark.NATURALBENCH);
    List<MmvpVlmPair> mmvp = MmvpVlmDataset.load(mmvpRoot);
    List<WinogroundExample> wino = WinogroundDataset.load(winoRoot);
    List<NaturalBenchSample> natural = NaturalBenchDataset.load(naturalRoot);
    List<String> dataLines =
        List.of(
            "MMVP-VLM: " + mmvp.size() + " statement pairs from " + mmvpRoot,
            "Winoground: " + wino.size() + " caption-swap examples from " + winoRoot,
            "NaturalBench: " + natural.size() + " question pairs from " + naturalRoot);
    dataLines.forEach(l -> out().println("      " + l));
    BenchmarkPreview preview = BenchmarkPreview.write(mmvp, wino, reportDir, provenance);

    out().println(elapsed(start) + " " + "[3/5] image-text matching");
    ClipRuntime runtime = ClipRuntime.cpu();
    List<ImageTextMatching.Row> itm;
    List<ImageTextScorer> scorers = ImageTextMatching.scorers(pack, runtime);
    try (ProgressBars bars = new ProgressBars(this::progress)) {
      itm = ImageTextMatching.run(scorers, mmvp, wino, reportDir, provenance, bars);
    } finally {
      for (ImageTextScorer s : scorers) {
        s.close();
      }
    }
    printTable(itm);

    out().println(elapsed(start) + " " + "[4/5] U-Net features and their analysis");
    FeatureAnalysis.Result analysis;
    Path sdFolder = pack.stableDiffusion();
    try (ClipTextEncoder text =
            ClipTextEncoder.forStableDiffusion(
                sdFolder.resolve("text_encoder"), sdFolder.resolve("tokenizer"), runtime);
        DiffusionFeatureExtractor extractor =
            DiffusionFeatureExtractor.open(sdFolder, text, ExtractorOptions.defaults());
        ProgressBars bars = new ProgressBars(this::progress)) {
      analysis =
          FeatureAnalysis.run(
              extractor,
              text.tokenizer(),
              natural.subList(0, Math.min(featureSamples, natural.size())),
              reportDir,
              provenance,
              bars);
    }

    double seconds = (System.nanoTime() - start) / 1e9;
    Path index =
        new DemoReport(modelLines, dataLines, preview, generated, itm, analysis, seconds)
            .write(reportDir);
    out().println(elapsed(start) + " " + "[5/5] report written");
    out().println(index.toAbsolutePath());
  }

  private static String elapsed(long start) {
    return String.format(Locale.ROOT, "%6.1fs", (System.nanoTime() - start) / 1e9);
  }

  private static Path defaultCache() {
    return Path.of(System.getProperty("user.home"), ".cache", "taskaware", "demo-pack");
  }

  private static void requireFolder(String option, Path folder) {
    if (folder != null && !Files.isDirectory(folder)) {
      throw new CliInputException(option + " " + folder + ": not a folder");
    }
  }

  private void printTable(List<ImageTextMatching.Row> rows) {
    out()
        .printf(
            Locale.ROOT,
            "%n  %-28s %10s %10s %10s %10s%n",
            "scorer",
            "MMVP-VLM",
            "Wino-text",
            "Wino-image",
            "Wino-group");
    for (ImageTextMatching.Row r : rows) {
      out()
          .printf(
              Locale.ROOT,
              "  %-28s %9.1f%% %10.3f %10.3f %10.3f%n",
              r.scorer(),
              r.mmvpVlmAverage(),
              r.winogroundText(),
              r.winogroundImage(),
              r.winogroundGroup());
    }
    out().println();
  }
}
