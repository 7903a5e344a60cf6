package ai.taskaware.examples.bench;

import ai.taskaware.clip.ClipCheckpoint;
import ai.taskaware.clip.vision.ClipVisionGraph;
import ai.taskaware.clip.vision.LlavaFeatureSelection;
import ai.taskaware.core.checkpoint.CheckpointFingerprint;
import ai.taskaware.core.checkpoint.config.ConfigFiles;
import ai.taskaware.core.checkpoint.config.UNet2DConditionConfig;
import ai.taskaware.core.graph.Graph;
import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.provenance.Provenance;
import ai.taskaware.core.provenance.ResultFile;
import ai.taskaware.core.runtime.GraphSessions;
import ai.taskaware.core.runtime.OnnxModelCache;
import ai.taskaware.core.runtime.OnnxSession;
import ai.taskaware.core.runtime.RuntimeOptions;
import ai.taskaware.diffusion.ExtractorOptions;
import ai.taskaware.diffusion.generate.StableDiffusionShapes;
import ai.taskaware.diffusion.generate.SyntheticStableDiffusion;
import ai.taskaware.diffusion.itm.CrossAttentionScorer;
import ai.taskaware.diffusion.itm.CrossAttentionScoring;
import ai.taskaware.diffusion.tap.TapName;
import ai.taskaware.diffusion.unet.UNetCheckpoint;
import ai.taskaware.diffusion.unet.UNetGraph;
import ai.taskaware.diffusion.unet.UNetSlice;
import ai.taskaware.diffusion.vae.VaeEncoderCheckpoint;
import ai.taskaware.diffusion.vae.VaeEncoderGraph;
import ai.taskaware.examples.cli.CliInputException;
import ai.taskaware.examples.cli.OutputOption;
import ai.taskaware.examples.cli.TaskawareSubcommand;
import ai.taskaware.examples.generate.SyntheticClipModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code taskaware bench}: per-image time of the Stable Diffusion components on this machine, on a
 * generated checkpoint of tiny or SD2.1-base shapes with random weights (values do not change the
 * cost of a dense network): the VAE encoder, the full U-Net, and the U-Net sliced to the paper's
 * U-L1-R1 and U-L2-R1 taps. Batch 1, fp32, CPU. Reports median seconds per image, images per second
 * and the process's peak resident memory after each component.
 */
@Command(
    name = "bench",
    description = {
      "Throughput of the Stable Diffusion components on this machine (batch 1, fp32): VAE encoder, full U-Net, and"
          + " the U-Net sliced to U-L1-R1 and U-L2-R1. Uses a generated checkpoint with random weights of tiny or"
          + " SD2.1-base shapes (cached in --cache; SD2.1-base needs ~5 GB of disk and ~10 GB of memory)."
    })
public final class BenchCommand extends TaskawareSubcommand {

  @Option(
      names = "--shape",
      defaultValue = "tiny",
      paramLabel = "tiny|sd21-base",
      description = "Checkpoint shapes (default ${DEFAULT-VALUE}).")
  String shape;

  @Option(
      names = "--runs",
      defaultValue = "3",
      paramLabel = "N",
      description = "Timed runs per component after one warm-up run (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--threads",
      defaultValue = "0",
      paramLabel = "N",
      description = "ONNX Runtime intra-op threads; 0 = one per core (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--components",
      split = ",",
      defaultValue = "vae,unet",
      paramLabel = "NAME",
      description =
          "What to measure, comma-separated: vae (encoder), unet (full and the U-L1-R1 / U-L2-R1"
              + " slices), sd-scorer (cross-attention image-text scoring, paper pooling, 5 timesteps, one trial,"
              + " 1 image x 2 texts), clip-vision (LLaVA features of a CLIP ViT-L/14-336-shaped tower, or a tiny"
              + " one with --shape tiny) (default ${DEFAULT-VALUE}).")
  List<String> components;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description =
          "Where generated checkpoints and compiled ONNX models are kept"
              + " (default ~/.cache/taskaware/bench).")
  Path cache;

  @Mixin OutputOption out;

  private static final long SEED = 1234L;

  /** For picocli. */
  public BenchCommand() {}

  @Override
  protected void execute() throws IOException {
    if (runs < 1) {
      throw new CliInputException("--runs must be >= 1, got " + runs);
    }
    for (String c : components) {
      if (!COMPONENTS.contains(c)) {
        throw new CliInputException(
            "--components: unknown '" + c + "', expected some of " + COMPONENTS);
      }
    }
    StableDiffusionShapes shapes =
        switch (shape) {
          case "tiny" -> StableDiffusionShapes.tiny();
          case "sd21-base" -> StableDiffusionShapes.sd21Base();
          default ->
              throw new CliInputException("--shape must be tiny or sd21-base, got '" + shape + "'");
        };
    Path root =
        cache != null
            ? cache
            : Path.of(System.getProperty("user.home"), ".cache", "taskaware", "bench");
    Path sd = root.resolve("sd-" + shape + "-seed" + SEED);
    ensureCheckpoint(sd, shapes);
    OnnxModelCache onnxCache = new OnnxModelCache(root.resolve("onnx"));
    RuntimeOptions runtime = RuntimeOptions.cpu().withIntraOpThreads(threads);

    List<Map<String, Object>> rows = new ArrayList<>();
    int latent = shapes.latentSize();
    // The image the U-Net's latent comes from (512 px for SD2.1-base), not the VAE config's
    // sample_size.
    int image = latent << (shapes.vaeBlockOutChannels().size() - 1);
    if (components.contains("vae")) {
      rows.add(measureVae(sd, image, runtime, onnxCache));
    }
    if (components.contains("unet")) {
      rows.addAll(measureUNet(sd, shapes, runtime, onnxCache));
    }
    if (components.contains("sd-scorer")) {
      rows.add(measureScorer(sd, image, runtime, onnxCache));
    }
    if (components.contains("clip-vision")) {
      rows.add(measureClipVision(root, sd, runtime, onnxCache));
    }
    printAndWrite(rows);
  }

  private Map<String, Object> measureVae(
      Path sd, int image, RuntimeOptions runtime, OnnxModelCache onnxCache) {
    try (VaeEncoderCheckpoint vae = VaeEncoderCheckpoint.open(sd.resolve("vae"))) {
      String fp = CheckpointFingerprint.of(sd.resolve("vae"));
      INDArray pixels = Nd4j.rand(DataType.FLOAT, 1, 3, image, image).subi(0.5).muli(2);
      return measure(
          "vae-encoder " + image + "px",
          () -> VaeEncoderGraph.build(vae),
          fp,
          "bench/vae",
          Map.of("pixel_values", pixels),
          runtime,
          onnxCache);
    }
  }

  private List<Map<String, Object>> measureUNet(
      Path sd, StableDiffusionShapes shapes, RuntimeOptions runtime, OnnxModelCache onnxCache) {
    List<Map<String, Object>> rows = new ArrayList<>();
    int latent = shapes.latentSize();
    try (UNetCheckpoint unet = UNetCheckpoint.open(sd.resolve("unet"))) {
      String fp = CheckpointFingerprint.of(sd.resolve("unet"));
      int context = crossAttentionDim(sd);
      Map<String, INDArray> inputs = new LinkedHashMap<>();
      inputs.put(UNetGraph.SAMPLE, Nd4j.randn(DataType.FLOAT, 1, 4, latent, latent));
      inputs.put(UNetGraph.TIMESTEP, Nd4j.createFromArray(new long[] {50}));
      inputs.put(
          UNetGraph.ENCODER_HIDDEN_STATES,
          Nd4j.randn(DataType.FLOAT, 1, shapes.maxTokens(), context));
      rows.add(
          measure(
              "unet full (noise_pred) " + latent + "x" + latent,
              () -> UNetGraph.full(unet).graph(),
              fp,
              "bench/unet/full",
              inputs,
              runtime,
              onnxCache));
      for (String tap : List.of("U-L1-R1-Vit-Out", "U-L2-R1-Vit-Out")) {
        Supplier<Graph> slice = () -> sliceOf(unet, tap).graph();
        rows.add(
            measure(
                "unet slice to " + tap + " " + latent + "x" + latent,
                slice,
                fp,
                "bench/unet/" + tap,
                inputs,
                runtime,
                onnxCache));
      }
    }
    return rows;
  }

  /**
   * Image–text pairs per second of the paper's cross-attention scorer (VAE + 5 U-Net timesteps per
   * text batch).
   */
  private Map<String, Object> measureScorer(
      Path sd, int image, RuntimeOptions runtime, OnnxModelCache onnxCache) {
    CrossAttentionScoring scoring = CrossAttentionScoring.paper().withSeeds(0L);
    List<RgbImage> images = List.of(noiseImage(image, 1));
    List<String> texts =
        List.of("a red circle left of a blue square", "a blue circle left of a red square");
    long t0 = System.nanoTime();
    try (CrossAttentionScorer scorer =
        CrossAttentionScorer.open(
            sd, new ExtractorOptions(runtime, onnxCache, image, null), scoring)) {
      double sessionSeconds = (System.nanoTime() - t0) / 1e9;
      double[] seconds = new double[runs];
      try (ProgressBar bar = progress("sd-scorer", runs + 1L)) {
        scorer.score(images, texts); // warm-up: builds the slice sessions
        bar.step();
        for (int i = 0; i < runs; i++) {
          long start = System.nanoTime();
          scorer.score(images, texts);
          seconds[i] = (System.nanoTime() - start) / 1e9;
          bar.step();
        }
      }
      Arrays.sort(seconds);
      double median = seconds[runs / 2];
      Map<String, Object> row = new LinkedHashMap<>();
      row.put(
          "component",
          "sd-scorer "
              + image
              + "px, "
              + scoring.timesteps().size()
              + " timesteps, 1x"
              + texts.size());
      row.put("seconds_per_image", median);
      row.put("images_per_second", 1 / median);
      row.put("pairs_per_second", texts.size() / median);
      row.put("runs_seconds", seconds);
      row.put("session_seconds", sessionSeconds);
      row.put("peak_rss_mb", PeakMemory.residentMegabytes());
      return row;
    }
  }

  private static RgbImage noiseImage(int side, long seed) {
    byte[] hwc = new byte[side * side * 3];
    new java.util.SplittableRandom(seed).nextBytes(hwc);
    return new RgbImage(side, side, hwc);
  }

  private void printAndWrite(List<Map<String, Object>> rows) {
    out().println();
    out()
        .printf(
            "%-40s %10s %10s %12s %12s%n",
            "component", "s/image", "images/s", "build s", "peak RSS MB");
    for (Map<String, Object> r : rows) {
      out()
          .printf(
              "%-40s %10.3f %10.3f %12.1f %12.0f%n",
              r.get("component"),
              (double) r.get("seconds_per_image"),
              (double) r.get("images_per_second"),
              (double) r.get("session_seconds"),
              (double) r.get("peak_rss_mb"));
    }
    Provenance provenance =
        Provenance.of("examples/bench")
            .withOption("shape", shape)
            .withOption("runs", runs)
            .withOption("threads", threads)
            .withOption("components", components)
            .withOption("cores", Runtime.getRuntime().availableProcessors())
            .withSeed("weights", SEED);
    ResultFile.write(out.file(), rows, provenance);
    out().println("\nwrote " + out.file());
  }

  private static final List<String> COMPONENTS = List.of("vae", "unet", "sd-scorer", "clip-vision");

  /**
   * Images per second of the CLIP tower LLaVA-1.5 uses (hidden_states[-2] patch tokens), batch 1.
   */
  private Map<String, Object> measureClipVision(
      Path root, Path sd, RuntimeOptions runtime, OnnxModelCache onnxCache) throws IOException {
    int vocab =
        ConfigFiles.readTree(sd.resolve("text_encoder/config.json")).get("vocab_size").asInt();
    SyntheticClipModel model =
        shape.equals("tiny")
            ? SyntheticClipModel.tiny(vocab)
            : SyntheticClipModel.vitL14At336(vocab);
    Path folder = root.resolve("clip-" + shape + "-seed" + SEED);
    Path done = folder.resolve(".complete");
    if (!Files.exists(done)) {
      err()
          .println(
              "generating CLIP "
                  + shape
                  + " checkpoint with random weights in "
                  + folder
                  + " (once)");
      model.write(folder, sd.resolve("tokenizer"), SEED);
      Files.writeString(done, "ok\n");
    }
    try (ClipCheckpoint clip = ClipCheckpoint.open(folder)) {
      int side = model.imageSize();
      INDArray pixels = Nd4j.randn(DataType.FLOAT, 1, 3, side, side);
      return measure(
          "clip-vision llava features " + side + "px",
          () ->
              ClipVisionGraph.build(
                  clip,
                  Set.of(ClipVisionGraph.LLAVA_IMAGE_FEATURES),
                  LlavaFeatureSelection.LLAVA_1_5),
          clip.fingerprint(),
          "bench/clip-vision/llava",
          Map.of(ClipVisionGraph.PIXEL_VALUES, pixels),
          runtime,
          onnxCache);
    }
  }

  private void ensureCheckpoint(Path sd, StableDiffusionShapes shapes) throws IOException {
    Path done = sd.resolve(".complete");
    if (Files.exists(done)) {
      return;
    }
    err().println("generating " + shape + " checkpoint with random weights in " + sd + " (once)");
    try (ProgressBar bar = progress("generate weights", 3)) {
      SyntheticStableDiffusion.write(sd, shapes, SEED, (stage, d, total) -> bar.stepTo(d));
    }
    Files.writeString(done, "ok\n");
  }

  private static int crossAttentionDim(Path sd) {
    return UNet2DConditionConfig.read(sd.resolve("unet/config.json"))
        .crossAttentionDimPerBlock()
        .get(0);
  }

  private static UNetSlice sliceOf(UNetCheckpoint unet, String tap) {
    return UNetGraph.slice(unet, List.of(TapName.parse(tap)));
  }

  private Map<String, Object> measure(
      String component,
      Supplier<Graph> graph,
      String fingerprint,
      String options,
      Map<String, INDArray> inputs,
      RuntimeOptions runtime,
      OnnxModelCache cache) {
    long t0 = System.nanoTime();
    try (OnnxSession session = GraphSessions.open(graph, fingerprint, options, runtime, cache)) {
      double sessionSeconds = (System.nanoTime() - t0) / 1e9;
      Set<String> outputs = session.outputs().keySet();
      double[] seconds = new double[runs];
      try (ProgressBar bar = progress(component, runs + 1L)) {
        session.run(inputs, outputs); // warm-up: first-run allocations and kernel selection
        bar.step();
        for (int i = 0; i < runs; i++) {
          long start = System.nanoTime();
          session.run(inputs, outputs);
          seconds[i] = (System.nanoTime() - start) / 1e9;
          bar.step();
        }
      }
      Arrays.sort(seconds);
      double median = seconds[runs / 2];
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("component", component);
      row.put("seconds_per_image", median);
      row.put("images_per_second", 1 / median);
      row.put("runs_seconds", seconds);
      row.put("session_seconds", sessionSeconds);
      row.put("peak_rss_mb", PeakMemory.residentMegabytes());
      return row;
    }
  }
}
