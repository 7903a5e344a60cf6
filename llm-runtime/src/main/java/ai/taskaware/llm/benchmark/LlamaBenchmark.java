package ai.taskaware.llm.benchmark;

import ai.onnxruntime.OrtLoggingLevel;
import ai.taskaware.core.graph.WeightPolicy;
import ai.taskaware.core.provenance.Provenance;
import ai.taskaware.core.provenance.ResultFile;
import ai.taskaware.core.runtime.OnnxModelCache;
import ai.taskaware.core.runtime.RuntimeOptions;
import ai.taskaware.llm.llama.KvCache;
import ai.taskaware.llm.llama.LinearWeights;
import ai.taskaware.llm.llama.LlamaInputs;
import ai.taskaware.llm.llama.LlamaModel;
import ai.taskaware.llm.llama.LlamaOutputs;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Prefill and decode throughput, resident memory and the memory-bandwidth bound of the LLaMA
 * decoder in each {@link LinearWeights} format, on a seeded random fp16 checkpoint.
 *
 * <p>Usage: {@code LlamaBenchmark [--shape tiny|tinyllama-1.1b|vicuna-7b] [--formats
 * FLOAT32,HALF_RESIDENT,...] [--prompt N] [--decode N] [--work DIR] [--out FILE] [--in-process]}
 * ({@code full} is accepted for {@code tinyllama-1.1b}). A checkpoint already in {@code
 * DIR/checkpoint} is reused, compiled models in {@code DIR/cache} too. Each format runs in its own
 * JVM (started with a {@code java @argfile}, which keeps the command line short enough for ORT) so
 * that its resident and peak memory ({@code VmRSS}, {@code VmHWM}) are its own; {@code
 * --in-process} runs them one after another here instead. The table goes to standard output and,
 * with provenance, to the {@code --out} JSON file.
 *
 * <p>The bandwidth bound is the decode speed if every token had to read the linear weights once at
 * the measured copy bandwidth (read + write bytes per second of a large {@code System.arraycopy},
 * STREAM's convention): copy bandwidth ÷ resident linear-weight bytes.
 */
public final class LlamaBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = 20240531L;

  /**
   * What to run.
   *
   * @param shape checkpoint dimensions
   * @param formats linear-weight formats to measure, in order
   * @param promptTokens prefill length
   * @param decodeSteps cached decode steps after the prefill
   * @param work folder for the checkpoint and compiled models
   * @param out the JSON result file
   * @param isolate one JVM per format
   */
  public record Settings(
      LlamaShape shape,
      List<LinearWeights> formats,
      int promptTokens,
      int decodeSteps,
      Path work,
      Path out,
      boolean isolate) {

    /** Copies the format list and checks the counts. */
    public Settings {
      formats = List.copyOf(formats);
      if (promptTokens < 1 || decodeSteps < 1 || formats.isEmpty()) {
        throw new IllegalArgumentException(
            "need at least one format, prompt token and decode step; got "
                + formats
                + ", "
                + promptTokens
                + ", "
                + decodeSteps);
      }
    }
  }

  /**
   * One format's figures. Memory comes from a JVM that loads the already-compiled model from the
   * cache, so it is the running model's, not the transient cost of building it (reported apart).
   *
   * @param format the linear-weight format
   * @param buildSeconds building the graph (quantizing, emitting) and creating the sessions
   * @param buildPeakResidentBytes VmHWM of the JVM that built the model (mapped checkpoint pages
   *     included)
   * @param buildPeakAnonymousBytes the largest RssAnon sampled while building (heap, quantized
   *     tensors, ORT's allocations; no file pages)
   * @param loadSeconds loading the compiled model from the cache and creating the sessions
   * @param prefillTokensPerSecond prompt tokens ÷ prefill time
   * @param decodeTokensPerSecond decode steps ÷ their total time
   * @param linearBytesPerParameter resident bytes per linear-layer parameter
   * @param weightBytesPerToken linear-weight bytes a decode step reads
   * @param bandwidthBoundTokensPerSecond copy bandwidth ÷ weight bytes per token
   * @param residentBytesBeforeLoad VmRSS of the measuring JVM before loading (JVM, ND4J, ORT)
   * @param residentBytesAfterLoad VmRSS once the model is loaded and a full GC has run
   * @param javaHeapBytesAfterLoad committed Java heap then (part of the RSS that is not the model)
   * @param runPeakResidentBytes VmHWM from loading through prefilling and decoding
   * @param runPeakAnonymousBytes the largest RssAnon sampled over the same span
   */
  public record Measurement(
      String format,
      double buildSeconds,
      long buildPeakResidentBytes,
      long buildPeakAnonymousBytes,
      double loadSeconds,
      double prefillTokensPerSecond,
      double decodeTokensPerSecond,
      double linearBytesPerParameter,
      long weightBytesPerToken,
      double bandwidthBoundTokensPerSecond,
      long residentBytesBeforeLoad,
      long residentBytesAfterLoad,
      long javaHeapBytesAfterLoad,
      long runPeakResidentBytes,
      long runPeakAnonymousBytes) {}

  /** Heap of each measuring JVM: the weights live in ORT's native memory, not on the heap. */
  static final String CHILD_HEAP = "-Xmx3g";

  /** What building a model into the cache cost. */
  private record Build(double seconds, long peakResidentBytes, long peakAnonymousBytes) {}

  /**
   * The whole run.
   *
   * @param shape checkpoint dimensions
   * @param checkpointSeconds generating and writing the random checkpoint, or null when an existing
   *     one was reused
   * @param checkpointBytes bytes of the checkpoint's weight files
   * @param loadAverageBefore {@code /proc/loadavg}'s 1, 5 and 15 minute figures at the start
   * @param loadAverageAfter the same at the end
   * @param parameters all parameters
   * @param linearParameters parameters of the linear layers
   * @param promptTokens prefill length
   * @param decodeSteps decode steps
   * @param copyBandwidthBytesPerSecond measured copy bandwidth (read + write)
   * @param processors processors available to the JVM
   * @param isolated whether each format ran in its own JVM
   * @param results one entry per format
   */
  public record Report(
      LlamaShape shape,
      Double checkpointSeconds,
      long checkpointBytes,
      double[] loadAverageBefore,
      double[] loadAverageAfter,
      long parameters,
      long linearParameters,
      int promptTokens,
      int decodeSteps,
      double copyBandwidthBytesPerSecond,
      int processors,
      boolean isolated,
      List<Measurement> results) {}

  private LlamaBenchmark() {}

  /** Runs the benchmark; see the class documentation for the arguments. */
  public static void main(String[] args) throws IOException {
    if (args.length > 0 && args[0].equals("--child")) {
      runChild(args);
      return;
    }
    LlamaShape shape = LlamaShape.TINYLLAMA_1_1B;
    List<LinearWeights> formats = List.of(LinearWeights.values());
    int prompt = 128;
    int decode = 32;
    Path work = null;
    Path out = Path.of("target", "llama-benchmark.json");
    boolean isolate = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--shape" -> shape = parseShape(value(args, ++i, "--shape"));
        case "--formats" ->
            formats =
                Arrays.stream(value(args, ++i, "--formats").split(","))
                    .map(f -> LinearWeights.valueOf(f.trim()))
                    .toList();
        case "--prompt" -> prompt = Integer.parseInt(value(args, ++i, "--prompt"));
        case "--decode" -> decode = Integer.parseInt(value(args, ++i, "--decode"));
        case "--work" -> work = Path.of(value(args, ++i, "--work"));
        case "--out" -> out = Path.of(value(args, ++i, "--out"));
        case "--in-process" -> isolate = false;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (work == null) {
      work = Files.createTempDirectory("llama-benchmark");
    }
    Report report = run(new Settings(shape, formats, prompt, decode, work, out, isolate));
    System.out.print(table(report));
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }

  private static LlamaShape parseShape(String s) {
    return s.equals("full") ? LlamaShape.TINYLLAMA_1_1B : LlamaShape.named(s);
  }

  /**
   * Generates the checkpoint (unless present), measures every format and writes the result file
   * with {@code LlamaBenchmark}'s provenance.
   */
  public static Report run(Settings s) throws IOException {
    return run(s, Provenance.of("llm-runtime LlamaBenchmark"));
  }

  /**
   * As {@link #run(Settings)}, with {@code provenance} (to which the shape, formats, lengths and
   * seed are added) in the result file.
   */
  public static Report run(Settings s, Provenance provenance) throws IOException {
    checkFits(s.shape(), s.formats());
    double[] loadBefore = loadAverage();
    Path checkpoint = s.work().resolve("checkpoint");
    Double checkpointSeconds = null;
    // config.json is written last: without it the checkpoint is incomplete
    if (!Files.exists(checkpoint.resolve("config.json"))) {
      long t = System.nanoTime();
      s.shape().writeRandomCheckpoint(checkpoint, SEED);
      checkpointSeconds = (System.nanoTime() - t) / 1e9;
      System.out.printf(Locale.ROOT, "wrote %s in %.1f s%n", checkpoint, checkpointSeconds);
    }
    long checkpointBytes = weightBytes(checkpoint);
    double bandwidth = copyBandwidth();
    List<Measurement> results = new ArrayList<>();
    for (LinearWeights format : s.formats()) {
      deleteRecursively(compiledModels(s, format));
      Measurement m =
          s.isolate()
              ? measureInChild(s, checkpoint, format, bandwidth)
              : measureHere(s, checkpoint, format, bandwidth);
      deleteRecursively(compiledModels(s, format));
      System.out.println(row(m));
      results.add(m);
    }
    Report report =
        new Report(
            s.shape(),
            checkpointSeconds,
            checkpointBytes,
            loadBefore,
            loadAverage(),
            s.shape().parameters(),
            s.shape().linearParameters(),
            s.promptTokens(),
            s.decodeSteps(),
            bandwidth,
            Runtime.getRuntime().availableProcessors(),
            s.isolate(),
            results);
    ResultFile.write(
        s.out(),
        report,
        provenance
            .withSeed("checkpoint", SEED)
            .withOption("shape", s.shape().name())
            .withOption("formats", s.formats().stream().map(Enum::name).toList())
            .withOption("prompt_tokens", s.promptTokens())
            .withOption("decode_steps", s.decodeSteps())
            .withOption("one_jvm_per_format", s.isolate()));
    return report;
  }

  /**
   * The compiled-model cache of one format. Every run builds it afresh (so the build figures are a
   * build's, not a cache hit's) and deletes it after measuring, so a 7B run needs disk for the
   * checkpoint and one compiled model at a time.
   */
  private static Path compiledModels(Settings s, LinearWeights format) {
    return s.work().resolve("compiled-" + format.name());
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * Refuses formats whose resident linear weights alone exceed this machine's physical memory
   * (there is no swap to fall back on: the measuring JVM would be killed after minutes of
   * building).
   *
   * @throws IllegalArgumentException naming each such format with its size in GB
   */
  public static void checkFits(LlamaShape shape, List<LinearWeights> formats) {
    long physical =
        ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os
            ? os.getTotalMemorySize()
            : 0;
    List<String> tooBig = new ArrayList<>();
    for (LinearWeights f : formats) {
      double bytes = shape.linearParameters() * f.bytesPerParameter();
      if (physical > 0 && bytes > physical) {
        tooBig.add(String.format(Locale.ROOT, "%s (%.1f GB)", f, bytes / 1e9));
      }
    }
    if (!tooBig.isEmpty()) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "the %s linear weights of %s do not fit this machine's %.1f GB of memory;"
                  + " choose among %s",
              tooBig,
              shape.name(),
              physical / 1e9,
              Arrays.toString(LinearWeights.values())));
    }
  }

  /** Bytes of the {@code *.safetensors} files in {@code checkpoint}. */
  private static long weightBytes(Path checkpoint) throws IOException {
    try (var files = Files.list(checkpoint)) {
      long total = 0;
      for (Path f : files.filter(f -> f.toString().endsWith(".safetensors")).toList()) {
        total += Files.size(f);
      }
      return total;
    }
  }

  /** The 1, 5 and 15 minute load averages, or an empty array off Linux. */
  static double[] loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return new double[] {
        Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])
      };
    } catch (IOException | RuntimeException e) {
      return new double[0];
    }
  }

  private static Measurement measureInChild(
      Settings s, Path checkpoint, LinearWeights format, double bandwidth) throws IOException {
    Path buildResult = s.work().resolve("build-" + format + ".json");
    child(s, format, "build", buildResult, List.of(quote(checkpoint.toString())));
    Build build = JSON.readValue(buildResult.toFile(), Build.class);
    Path result = s.work().resolve("result-" + format + ".json");
    child(
        s,
        format,
        "measure",
        result,
        List.of(
            quote(checkpoint.toString()),
            String.valueOf(s.promptTokens()),
            String.valueOf(s.decodeSteps()),
            String.valueOf(s.shape().linearParameters()),
            String.valueOf(bandwidth),
            String.valueOf(build.seconds()),
            String.valueOf(build.peakResidentBytes()),
            String.valueOf(build.peakAnonymousBytes())));
    return JSON.readValue(result.toFile(), Measurement.class);
  }

  private static void child(
      Settings s, LinearWeights format, String mode, Path result, List<String> rest)
      throws IOException {
    Files.deleteIfExists(result);
    Path argFile = s.work().resolve("child-" + mode + "-" + format + ".args");
    List<String> lines = new ArrayList<>();
    lines.addAll(
        List.of(
            CHILD_HEAP,
            // JavaCPP (ND4J) refuses allocations once the process RSS passes its physical limit,
            // 2x the heap by default; ORT's weights count in that RSS
            "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0",
            "-cp",
            quote(System.getProperty("java.class.path")),
            LlamaBenchmark.class.getName(),
            "--child",
            mode,
            format.name(),
            quote(compiledModels(s, format).toString()),
            quote(result.toString())));
    lines.addAll(rest);
    Files.write(argFile, lines);
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Process p = new ProcessBuilder(java, "@" + argFile).inheritIO().start();
    try {
      int code = p.waitFor();
      if (code != 0 || !Files.exists(result)) {
        throw new IllegalStateException(
            "benchmark JVM ("
                + mode
                + " "
                + format
                + ") exited with "
                + code
                + " (args in "
                + argFile
                + ")");
      }
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while measuring " + format, e);
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static void runChild(String[] a) throws IOException {
    String mode = a[1];
    LinearWeights format = LinearWeights.valueOf(a[2]);
    Path cache = Path.of(a[3]);
    Path result = Path.of(a[4]);
    Path checkpoint = Path.of(a[5]);
    if (mode.equals("build")) {
      JSON.writeValue(result.toFile(), build(checkpoint, cache, format));
      return;
    }
    Build build =
        new Build(Double.parseDouble(a[10]), Long.parseLong(a[11]), Long.parseLong(a[12]));
    Measurement m =
        measure(
            Long.parseLong(a[8]),
            checkpoint,
            cache,
            format,
            Integer.parseInt(a[6]),
            Integer.parseInt(a[7]),
            Double.parseDouble(a[9]),
            build);
    JSON.writeValue(result.toFile(), m);
  }

  private static Measurement measureHere(
      Settings s, Path checkpoint, LinearWeights format, double bandwidth) {
    Path cache = compiledModels(s, format);
    Build build = build(checkpoint, cache, format);
    return measure(
        s.shape().linearParameters(),
        checkpoint,
        cache,
        format,
        s.promptTokens(),
        s.decodeSteps(),
        bandwidth,
        build);
  }

  private static LlamaModel.Options options(Path cache, LinearWeights format) {
    return new LlamaModel.Options(
            RuntimeOptions.cpu().withLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR),
            WeightPolicy.KEEP_AND_CAST,
            new OnnxModelCache(cache))
        .withLinearWeights(format);
  }

  /** Builds the compiled model into the cache (or finds it there) and closes it again. */
  private static Build build(Path checkpoint, Path cache, LinearWeights format) {
    ProcessMemory.resetPeak();
    try (ProcessMemory.AnonymousPeak anonymous = new ProcessMemory.AnonymousPeak()) {
      long t0 = System.nanoTime();
      LlamaModel.load(checkpoint, options(cache, format)).close();
      return new Build((System.nanoTime() - t0) / 1e9, ProcessMemory.peak(), anonymous.max());
    }
  }

  private static Measurement measure(
      long linearParameters,
      Path checkpoint,
      Path cache,
      LinearWeights format,
      int prompt,
      int decode,
      double bandwidth,
      Build build) {
    System.gc();
    long residentBeforeLoad = ProcessMemory.resident();
    ProcessMemory.resetPeak();
    long t0 = System.nanoTime();
    try (ProcessMemory.AnonymousPeak anonymous = new ProcessMemory.AnonymousPeak();
        LlamaModel model = LlamaModel.load(checkpoint, options(cache, format))) {
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      System.gc();
      long residentAfterLoad = ProcessMemory.resident();
      long heapAfterLoad = Runtime.getRuntime().totalMemory();
      int vocab = model.config().vocabSize();
      Random random = new Random(SEED);
      generate(model, randomIds(random, 8, vocab), 1); // warm-up: first-run allocations
      INDArray ids = randomIds(random, prompt, vocab);
      long p0 = System.nanoTime();
      LlamaOutputs out =
          model.forward(LlamaInputs.prefill(model.embed(ids), model.emptyCache(1)), false);
      double prefillSeconds = (System.nanoTime() - p0) / 1e9;
      long d0 = System.nanoTime();
      decode(model, out, prompt, decode);
      double decodeSeconds = (System.nanoTime() - d0) / 1e9;
      double bytesPerParameter = format.bytesPerParameter();
      long bytesPerToken = Math.round(linearParameters * bytesPerParameter);
      return new Measurement(
          format.name(),
          build.seconds(),
          build.peakResidentBytes(),
          build.peakAnonymousBytes(),
          loadSeconds,
          prompt / prefillSeconds,
          decode / decodeSeconds,
          bytesPerParameter,
          bytesPerToken,
          bandwidth / bytesPerToken,
          residentBeforeLoad,
          residentAfterLoad,
          heapAfterLoad,
          ProcessMemory.peak(),
          anonymous.max());
    }
  }

  private static void generate(LlamaModel model, INDArray ids, int steps) {
    LlamaOutputs out =
        model.forward(LlamaInputs.prefill(model.embed(ids), model.emptyCache(1)), false);
    decode(model, out, (int) ids.size(1), steps);
  }

  /** Greedy decode steps through the cache after a prefill of {@code length} tokens. */
  private static void decode(LlamaModel model, LlamaOutputs prefill, int length, int steps) {
    LlamaOutputs out = prefill;
    KvCache cache = out.present();
    for (int step = 0; step < steps; step++) {
      INDArray last =
          out.logits()
              .get(NDArrayIndex.point(0), NDArrayIndex.point(out.logits().size(1) - 1))
              .dup();
      long next = last.argMax().getLong(0);
      int position = length + step;
      out =
          model.forward(
              new LlamaInputs(
                  model.embed(Nd4j.createFromArray(new long[][] {{next}})),
                  Nd4j.ones(DataType.LONG, 1, position + 1),
                  Nd4j.createFromArray(new long[][] {{position}}),
                  cache),
              false);
      cache = out.present();
    }
  }

  private static INDArray randomIds(Random random, int n, int vocab) {
    long[] ids = new long[n];
    ids[0] = 1;
    for (int i = 1; i < n; i++) {
      ids[i] = 3 + random.nextInt(vocab - 3);
    }
    return Nd4j.createFromArray(new long[][] {ids});
  }

  /**
   * Copy bandwidth in bytes per second, read + write, of the best of five 256 MiB {@code
   * System.arraycopy} passes.
   */
  static double copyBandwidth() {
    int size = 256 << 20;
    byte[] a = new byte[size];
    byte[] b = new byte[size];
    Arrays.fill(a, (byte) 1);
    Arrays.fill(b, (byte) 2); // touch every page before timing
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      long t = System.nanoTime();
      System.arraycopy(a, 0, b, 0, size);
      best = Math.min(best, System.nanoTime() - t);
    }
    return 2.0 * size / (best / 1e9);
  }

  /** The report as a fixed-width table. */
  public static String table(Report r) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "LLaMA %s: %.3f B params (%.3f B linear), prompt %d, decode %d, copy bandwidth %.2f"
                + " GB/s, %d processors%s, load average %s → %s%s%n",
            r.shape().name(),
            r.parameters() / 1e9,
            r.linearParameters() / 1e9,
            r.promptTokens(),
            r.decodeSteps(),
            r.copyBandwidthBytesPerSecond() / 1e9,
            r.processors(),
            r.isolated() ? ", one JVM per format" : ", one JVM",
            Arrays.toString(r.loadAverageBefore()),
            Arrays.toString(r.loadAverageAfter()),
            r.checkpointSeconds() == null
                ? ""
                : String.format(
                    Locale.ROOT,
                    ", checkpoint (%.2f GB) written in %.1f s",
                    r.checkpointBytes() / 1e9,
                    r.checkpointSeconds())));
    String header = "%-30s %7s %6s %8s %7s %7s %8s %7s %8s %8s %8s %8s %8s%n";
    sb.append(
        String.format(
            Locale.ROOT,
            header,
            "format",
            "build s",
            "load s",
            "prefill",
            "decode",
            "B/param",
            "GB/token",
            "bound",
            "build pk",
            "build an",
            "RSS post",
            "run pk",
            "run anon"));
    sb.append(
        String.format(
            Locale.ROOT,
            header,
            "",
            "",
            "",
            "tok/s",
            "tok/s",
            "",
            "",
            "tok/s",
            "GB",
            "GB",
            "GB",
            "GB",
            "GB"));
    for (Measurement m : r.results()) {
      sb.append(row(m)).append('\n');
    }
    return sb.toString();
  }

  private static String row(Measurement m) {
    return String.format(
        Locale.ROOT,
        "%-30s %7.1f %6.1f %8.2f %7.2f %7.3f %8.3f %7.2f %8.2f %8.2f %8.2f %8.2f %8.2f",
        m.format(),
        m.buildSeconds(),
        m.loadSeconds(),
        m.prefillTokensPerSecond(),
        m.decodeTokensPerSecond(),
        m.linearBytesPerParameter(),
        m.weightBytesPerToken() / 1e9,
        m.bandwidthBoundTokensPerSecond(),
        m.buildPeakResidentBytes() / 1e9,
        m.buildPeakAnonymousBytes() / 1e9,
        m.residentBytesAfterLoad() / 1e9,
        m.runPeakResidentBytes() / 1e9,
        m.runPeakAnonymousBytes() / 1e9);
  }
}
