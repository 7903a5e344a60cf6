package ai.taskaware.core;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import ai.onnxruntime.OrtEnvironment;
import ai.taskaware.core.checkpoint.CheckpointFingerprint;
import ai.taskaware.core.checkpoint.DType;
import ai.taskaware.core.checkpoint.SafetensorsFile;
import ai.taskaware.core.checkpoint.SafetensorsWriter;
import ai.taskaware.core.checkpoint.TensorSource;
import ai.taskaware.core.graph.Dim;
import ai.taskaware.core.graph.Graph;
import ai.taskaware.core.graph.GraphBuilder;
import ai.taskaware.core.graph.OnnxEmitter;
import ai.taskaware.core.graph.Shape;
import ai.taskaware.core.graph.Value;
import ai.taskaware.core.image.ImageGeometry;
import ai.taskaware.core.image.ImageResampler;
import ai.taskaware.core.image.PixelNormalization;
import ai.taskaware.core.image.PixelTensors;
import ai.taskaware.core.image.Resampling;
import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.provenance.LibraryVersions;
import ai.taskaware.core.provenance.Provenance;
import ai.taskaware.core.provenance.ResultFile;
import ai.taskaware.core.runtime.ExecutionProviderUnavailableException;
import ai.taskaware.core.runtime.OnnxModelCache;
import ai.taskaware.core.runtime.OnnxSession;
import ai.taskaware.core.runtime.RuntimeOptions;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The foundation check: proves on this machine, end to end, that taskaware's stack works — a seeded
 * checkpoint is written as safetensors and memory-mapped back, a pre-norm transformer block is
 * built from it with the graph IR, emitted to ONNX through the on-disk cache, run on ONNX Runtime
 * and compared with an independent ND4J computation, and a drawn image goes through Stable
 * Diffusion's, CLIP's and LLaVA's preprocessing. Everything it writes lands in one folder, with a
 * provenance file.
 *
 * <p>Run it as {@code taskaware doctor} (the examples module's CLI) or through {@link #main}
 * (optional argument: the output folder).
 */
public final class FoundationCheck {

  private static final int WIDTH = 64;
  private static final int HEADS = 4;
  private static final int MLP = 256;
  private static final int TOKENS = 16;
  private static final int BATCH = 2;
  private static final long SEED = 20240601L;
  private static final double LN_EPS = 1e-5;

  private FoundationCheck() {}

  /**
   * Runs the check into {@code args[0]} (default {@code target/foundation-check}), printing to
   * standard output.
   */
  public static void main(String[] args) throws IOException {
    run(Path.of(args.length > 0 ? args[0] : "target/foundation-check"), System.out);
  }

  /**
   * Runs every step, writing its files into {@code outputFolder} and its report to {@code log}.
   *
   * @return the measured figures, also written to {@code foundation-check.json} with provenance
   * @throws IllegalStateException when ONNX Runtime and the independent ND4J computation disagree
   */
  public static Map<String, Object> run(Path outputFolder, PrintStream log) throws IOException {
    Path out = outputFolder.toAbsolutePath();
    Files.createDirectories(out);
    Map<String, Object> results = new LinkedHashMap<>();

    step(log, 1, "runtime");
    Map<String, String> versions = LibraryVersions.current();
    versions.forEach((k, v) -> log.printf("      %-15s %s%n", k, v));
    log.println("      providers       " + OrtEnvironment.getAvailableProviders());
    log.println("      CUDA            " + cudaStatus());

    step(log, 2, "checkpoint");
    Path weightsFile = out.resolve("block.safetensors");
    writeRandomBlock(weightsFile);
    String fingerprint = CheckpointFingerprint.of(weightsFile);
    try (TensorSource weights = SafetensorsFile.open(weightsFile)) {
      log.printf(
          "      wrote and memory-mapped %s: %d tensors, fingerprint %s%n",
          out.relativize(weightsFile), weights.names().size(), fingerprint.substring(0, 16));

      step(log, 3, "graph IR -> ONNX (cached)");
      Graph graph = buildBlock(weights);
      OnnxModelCache cache = new OnnxModelCache(out.resolve("onnx-cache"));
      String options = "pre-norm-block/width=" + WIDTH + "/heads=" + HEADS + "/v1";
      long t0 = System.nanoTime();
      Path model = cache.getOrBuild(fingerprint, options, file -> OnnxEmitter.writeTo(graph, file));
      long buildMs = (System.nanoTime() - t0) / 1_000_000;
      log.printf(
          "      %d nodes, %d weight bytes -> %s (%d ms)%n",
          graph.nodes().size(), graph.initializerBytes(), out.relativize(model), buildMs);

      step(log, 4, "ONNX Runtime vs an independent ND4J computation");
      Nd4j.getRandom().setSeed(SEED + 1);
      INDArray x = Nd4j.randn(DataType.FLOAT, BATCH, TOKENS, WIDTH);
      try (OnnxSession session = OnnxSession.open(model, RuntimeOptions.cpu())) {
        INDArray y = session.run(Map.of("x", x), Set.of("y")).get("y");
        INDArray expected = referenceBlock(weights, x);
        double maxDiff = Transforms.abs(y.sub(expected)).maxNumber().doubleValue();
        int runs = 50;
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
          session.run(Map.of("x", x), Set.of("y"));
        }
        double msPerRun = (System.nanoTime() - start) / 1e6 / runs;
        log.printf(
            "      output %s, max |ORT - ND4J| = %.2e (tolerance 1e-4): %s; %.3f ms per run%n",
            Arrays.toString(y.shape()), maxDiff, maxDiff <= 1e-4 ? "OK" : "MISMATCH", msPerRun);
        results.put("block_max_abs_diff", maxDiff);
        results.put("block_ms_per_run", msPerRun);
        if (maxDiff > 1e-4) {
          throw new IllegalStateException("ONNX Runtime and ND4J disagree by " + maxDiff);
        }
      }
    }

    step(log, 5, "images (Pillow-identical preprocessing)");
    RgbImage scene = drawScene(640, 427);
    write(scene, out.resolve("scene.png"));
    RgbImage sd = ImageResampler.resize(scene, 512, 512, Resampling.LANCZOS);
    INDArray sdPixels = PixelTensors.toNchw(sd, PixelNormalization.STABLE_DIFFUSION);
    RgbImage clip =
        ImageGeometry.centerCrop(
            ImageGeometry.resizeShortestEdge(scene, 336, Resampling.BICUBIC), 336, 336);
    INDArray clipPixels = PixelTensors.toNchw(clip, PixelNormalization.CLIP);
    RgbImage llava = ImageGeometry.padToSquare(scene, PixelNormalization.CLIP.meanAsRgb());
    write(sd, out.resolve("scene-sd-512.png"));
    write(clip, out.resolve("scene-clip-336.png"));
    write(llava, out.resolve("scene-llava-square.png"));
    log.printf(
        "      SD pixels %s in [%.3f, %.3f]; CLIP pixels %s mean %.4f; LLaVA square %dx%d%n",
        Arrays.toString(sdPixels.shape()),
        sdPixels.minNumber().doubleValue(),
        sdPixels.maxNumber().doubleValue(),
        Arrays.toString(clipPixels.shape()),
        clipPixels.meanNumber().doubleValue(),
        llava.width(),
        llava.height());

    step(log, 6, "provenance");
    Provenance provenance =
        Provenance.of("core/foundation-check")
            .withCheckpoint("block", fingerprint)
            .withSeed("weights-and-input", SEED)
            .withOption("width", WIDTH)
            .withOption("heads", HEADS);
    Path report = out.resolve("foundation-check.json");
    ResultFile.write(report, results, provenance);
    log.println("      wrote " + report);
    log.println("\nAll checks passed. Outputs in " + out);
    return results;
  }

  private static void step(PrintStream log, int i, String what) {
    log.printf("[%d/6] %s%n", i, what);
  }

  private static String cudaStatus() {
    try (OnnxSession ignored =
        OnnxSession.open(OnnxEmitter.toBytes(identityGraph()), RuntimeOptions.cpu().withCuda(0))) {
      return "available";
    } catch (ExecutionProviderUnavailableException e) {
      String message = e.getMessage();
      int colon = message.indexOf(": ");
      return "unavailable (CPU is used): " + (colon >= 0 ? message.substring(colon + 2) : message);
    }
  }

  private static Graph identityGraph() {
    GraphBuilder g = new GraphBuilder("identity");
    g.output(g.identity(g.input("x", DType.F32, 1)), "y");
    return g.build();
  }

  /** A pre-norm transformer block with seeded random weights, in PyTorch's (out, in) layout. */
  private static void writeRandomBlock(Path file) {
    Nd4j.getRandom().setSeed(SEED);
    double s = 1 / Math.sqrt(WIDTH);
    new SafetensorsWriter()
        .add("ln1.weight", Nd4j.rand(DataType.FLOAT, WIDTH).addi(0.5))
        .add("ln1.bias", Nd4j.randn(DataType.FLOAT, WIDTH).muli(0.1))
        .add("attn.q_proj.weight", Nd4j.randn(DataType.FLOAT, WIDTH, WIDTH).muli(s))
        .add("attn.k_proj.weight", Nd4j.randn(DataType.FLOAT, WIDTH, WIDTH).muli(s))
        .add("attn.v_proj.weight", Nd4j.randn(DataType.FLOAT, WIDTH, WIDTH).muli(s))
        .add("attn.out_proj.weight", Nd4j.randn(DataType.FLOAT, WIDTH, WIDTH).muli(s))
        .add("attn.out_proj.bias", Nd4j.randn(DataType.FLOAT, WIDTH).muli(0.1))
        .add("ln2.weight", Nd4j.rand(DataType.FLOAT, WIDTH).addi(0.5))
        .add("ln2.bias", Nd4j.randn(DataType.FLOAT, WIDTH).muli(0.1))
        .add("mlp.fc1.weight", Nd4j.randn(DataType.FLOAT, MLP, WIDTH).muli(s))
        .add("mlp.fc1.bias", Nd4j.randn(DataType.FLOAT, MLP).muli(0.1))
        .add("mlp.fc2.weight", Nd4j.randn(DataType.FLOAT, WIDTH, MLP).muli(1 / Math.sqrt(MLP)))
        .add("mlp.fc2.bias", Nd4j.randn(DataType.FLOAT, WIDTH).muli(0.1))
        .metadata("format", "pt")
        .metadata("written-by", "taskaware foundation check")
        .write(file);
  }

  private static Graph buildBlock(TensorSource w) {
    GraphBuilder g = new GraphBuilder("pre_norm_block");
    Value x =
        g.input("x", DType.F32, Shape.of(Dim.symbolic("batch"), Dim.of(TOKENS), Dim.of(WIDTH)));
    Value n1 = g.layerNorm(x, g.weight(w, "ln1.weight"), g.weight(w, "ln1.bias"), LN_EPS);
    Value q = g.splitHeads(g.linear(n1, g.weight(w, "attn.q_proj.weight"), null), HEADS);
    Value k = g.splitHeads(g.linear(n1, g.weight(w, "attn.k_proj.weight"), null), HEADS);
    Value v = g.splitHeads(g.linear(n1, g.weight(w, "attn.v_proj.weight"), null), HEADS);
    Value attn = g.mergeHeads(g.attention(q, k, v, null, 1 / Math.sqrt(WIDTH / HEADS)));
    Value h =
        g.add(
            x,
            g.linear(attn, g.weight(w, "attn.out_proj.weight"), g.weight(w, "attn.out_proj.bias")));
    Value n2 = g.layerNorm(h, g.weight(w, "ln2.weight"), g.weight(w, "ln2.bias"), LN_EPS);
    Value mlp = g.gelu(g.linear(n2, g.weight(w, "mlp.fc1.weight"), g.weight(w, "mlp.fc1.bias")));
    Value y = g.add(h, g.linear(mlp, g.weight(w, "mlp.fc2.weight"), g.weight(w, "mlp.fc2.bias")));
    g.output(y, "y");
    return g.build();
  }

  /** The same block written directly with ND4J operations, in float64, as an independent check. */
  private static INDArray referenceBlock(TensorSource w, INDArray input) {
    INDArray x = input.castTo(DataType.DOUBLE);
    INDArray h = x.add(attention(w, layerNorm(x, w, "ln1")));
    INDArray n2 = layerNorm(h, w, "ln2");
    INDArray hidden = gelu(linear(n2, w, "mlp.fc1", true));
    return h.add(linear(hidden, w, "mlp.fc2", true)).castTo(DataType.FLOAT);
  }

  private static INDArray attention(TensorSource w, INDArray x) {
    INDArray q = linear(x, w, "attn.q_proj", false);
    INDArray k = linear(x, w, "attn.k_proj", false);
    INDArray v = linear(x, w, "attn.v_proj", false);
    int d = WIDTH / HEADS;
    INDArray merged = Nd4j.create(DataType.DOUBLE, x.shape());
    for (int b = 0; b < x.size(0); b++) {
      for (int head = 0; head < HEADS; head++) {
        INDArray qh = q.get(point(b), all(), interval(head * d, (head + 1) * d));
        INDArray kh = k.get(point(b), all(), interval(head * d, (head + 1) * d));
        INDArray vh = v.get(point(b), all(), interval(head * d, (head + 1) * d));
        INDArray scores = qh.mmul(kh.transpose()).muli(1 / Math.sqrt(d));
        INDArray probs = Transforms.exp(scores.subColumnVector(scores.max(1)), false);
        probs.diviColumnVector(probs.sum(1));
        merged.get(point(b), all(), interval(head * d, (head + 1) * d)).assign(probs.mmul(vh));
      }
    }
    return linear(merged, w, "attn.out_proj", true);
  }

  private static INDArray linear(INDArray x, TensorSource w, String prefix, boolean bias) {
    INDArray weight = w.floatArray(prefix + ".weight").castTo(DataType.DOUBLE);
    long[] shape = x.shape();
    INDArray y = x.reshape(-1, shape[shape.length - 1]).mmul(weight.transpose());
    if (bias) {
      y.addiRowVector(w.floatArray(prefix + ".bias").castTo(DataType.DOUBLE));
    }
    long[] outShape = shape.clone();
    outShape[outShape.length - 1] = weight.size(0);
    return y.reshape(outShape);
  }

  private static INDArray layerNorm(INDArray x, TensorSource w, String prefix) {
    long[] shape = x.shape();
    INDArray rows = x.reshape(-1, shape[shape.length - 1]);
    INDArray centered = rows.subColumnVector(rows.mean(1));
    INDArray std = Transforms.sqrt(centered.mul(centered).mean(1).addi(LN_EPS), false);
    INDArray normed = centered.diviColumnVector(std);
    normed.muliRowVector(w.floatArray(prefix + ".weight").castTo(DataType.DOUBLE));
    normed.addiRowVector(w.floatArray(prefix + ".bias").castTo(DataType.DOUBLE));
    return normed.reshape(shape);
  }

  /** Exact GELU, x·Φ(x), with Φ from Commons Math's erf (ND4J has no float64 erf). */
  private static INDArray gelu(INDArray x) {
    INDArray y = x.dup();
    for (long i = 0; i < y.length(); i++) {
      double v = y.getDouble(i);
      y.putScalar(i, 0.5 * v * (1 + org.apache.commons.math3.special.Erf.erf(v / Math.sqrt(2))));
    }
    return y;
  }

  /** A small synthetic scene: sky, ground, a red disc, a blue square and a yellow triangle. */
  private static RgbImage drawScene(int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(
        new java.awt.GradientPaint(
            0, 0, new Color(120, 170, 235), 0, height * 0.6f, new Color(220, 235, 250)));
    g.fillRect(0, 0, width, (int) (height * 0.6));
    g.setColor(new Color(90, 150, 70));
    g.fillRect(0, (int) (height * 0.6), width, height);
    g.setColor(new Color(210, 40, 40));
    g.fillOval(width / 8, height / 2, height / 3, height / 3);
    g.setColor(new Color(40, 70, 200));
    g.fillRect(width / 2, height / 2 - 20, height / 4, height / 4);
    g.setColor(new Color(240, 200, 40));
    g.fillPolygon(
        new int[] {width * 3 / 4, width * 7 / 8, width * 5 / 8},
        new int[] {height / 3, height * 2 / 3, height * 2 / 3},
        3);
    g.dispose();
    return RgbImage.of(img);
  }

  private static void write(RgbImage image, Path file) {
    try {
      ImageIO.write(image.toBufferedImage(), "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }
}
