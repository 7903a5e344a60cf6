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
import ai.taskaware.metrics.caption.CaptionScorer;
import ai.taskaware.metrics.caption.CaptionScores;
import ai.taskaware.metrics.cka.Cka;
import ai.taskaware.metrics.cka.MinibatchCka;
import ai.taskaware.metrics.pca.FeatureMap;
import ai.taskaware.metrics.pca.FeatureMapPca;
import ai.taskaware.metrics.pca.PcaMaps;
import ai.taskaware.metrics.spice.CoreNlpMissingException;
import ai.taskaware.metrics.spice.SpiceScorer;
import ai.taskaware.metrics.spice.SpiceScores;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
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
 * and the process's peak resident memory after each component. The {@code captions}, {@code spice}
 * {@code cka} and {@code pca} components time the metrics module end to end on generated text and
 * features instead.
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
              + " one with --shape tiny), captions (BLEU-1..4, ROUGE-L, CIDEr-D with PTB tokenization on"
              + " --caption-images x 5 generated references), spice (SPICE with CoreNLP 4.5.10 parses on"
              + " --spice-images x 5 generated references; needs --corenlp), cka (linear Gram-form and"
              + " minibatch CKA on"
              + " --cka-examples generated 256x1280 features), pca (joint PCA maps of an image pair at"
              + " the shapes of SD2.1's up-block taps at 512 px: 16x16x1280, 32x32x640, 64x64x320,"
              + " and 64x64x1280) (default ${DEFAULT-VALUE}).")
  List<String> components;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description =
          "Where generated checkpoints and compiled ONNX models are kept"
              + " (default ~/.cache/taskaware/bench).")
  Path cache;

  @Option(
      names = "--caption-images",
      defaultValue = "5000",
      paramLabel = "N",
      description =
          "Images (x 5 references) for the captions component (default ${DEFAULT-VALUE}).")
  int captionImages;

  @Option(
      names = "--spice-images",
      defaultValue = "200",
      paramLabel = "N",
      description = "Images (x 5 references) for the spice component (default ${DEFAULT-VALUE}).")
  int spiceImages;

  @Option(
      names = "--corenlp",
      paramLabel = "DIR",
      description =
          "For spice: folder with stanford-corenlp-4.5.10.jar and its -models.jar (default:"
              + " -Dtaskaware.corenlp, $TASKAWARE_CORENLP, else ~/.m2's copy).")
  Path corenlp;

  @Option(
      names = "--cka-examples",
      defaultValue = "5000",
      paramLabel = "N",
      description = "Examples for the cka component (default ${DEFAULT-VALUE}).")
  int ckaExamples;

  @Option(
      names = "--cka-batch",
      defaultValue = "250",
      paramLabel = "M",
      description =
          "Minibatch size of minibatch CKA; must divide --cka-examples (default ${DEFAULT-VALUE}).")
  int ckaBatch;

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
    if (components.contains("captions") && captionImages < 1) {
      throw new CliInputException("--caption-images must be >= 1, got " + captionImages);
    }
    if (components.contains("spice") && spiceImages < 1) {
      throw new CliInputException("--spice-images must be >= 1, got " + spiceImages);
    }
    if (components.contains("cka")
        && (ckaBatch < 4 || ckaExamples < ckaBatch || ckaExamples % ckaBatch != 0)) {
      throw new CliInputException(
          "--cka-batch must be >= 4 and divide --cka-examples, got batch "
              + ckaBatch
              + " for "
              + ckaExamples
              + " examples");
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
    if (components.stream().anyMatch(SD_COMPONENTS::contains)) {
      ensureCheckpoint(sd, shapes);
    }
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
    if (components.contains("captions")) {
      rows.add(measureCaptions());
    }
    if (components.contains("spice")) {
      rows.add(measureSpice());
    }
    if (components.contains("cka")) {
      rows.addAll(measureCka());
    }
    if (components.contains("pca")) {
      rows.addAll(measurePca());
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

  private static String figure(Object value, String format) {
    return value == null ? "-" : String.format(format, (double) value);
  }

  private static final long CAPTION_SEED = 7L;
  private static final long CKA_SEED = 11L;
  private static final long PCA_SEED = 13L;
  private static final int REFERENCES_PER_IMAGE = 5;

  /** Tokens per example of the paper's features (16 x 16 patches), each of this width. */
  private static final int CKA_TOKENS = 256;

  private static final int CKA_WIDTH = 1280;

  /**
   * Above this many bytes of float32 features per representation, the Gram form is measured on one
   * token's 1280 features instead: n x 327,680 floats at n = 5,000 are 6.5 GB per representation,
   * and twice that as the float64 the metrics compute in.
   */
  private static final long GRAM_FEATURE_BYTES_LIMIT = 1L << 30;

  /**
   * Words captions are drawn from: function words repeat as in real captions, so n-grams repeat
   * across references and CIDEr's document frequencies are not all 1.
   */
  private static final String[] FUNCTION_WORDS = {
    "a", "a", "a", "the", "the", "of", "on", "in", "with", "and", "is", "are", "at", "next", "to",
    "near", "two", "some", "an", "its"
  };

  private static final String[] CONTENT_WORDS = {
    "man",
    "woman",
    "child",
    "dog",
    "cat",
    "horse",
    "bird",
    "car",
    "bus",
    "train",
    "bicycle",
    "table",
    "kitchen",
    "street",
    "beach",
    "field",
    "room",
    "plate",
    "pizza",
    "sandwich",
    "cake",
    "ball",
    "frisbee",
    "skateboard",
    "surfboard",
    "umbrella",
    "bench",
    "tree",
    "building",
    "sign",
    "clock",
    "window",
    "water",
    "snow",
    "grass",
    "sky",
    "boat",
    "plane",
    "phone",
    "laptop",
    "book",
    "red",
    "blue",
    "green",
    "white",
    "black",
    "small",
    "large",
    "old",
    "young",
    "wooden",
    "sitting",
    "standing",
    "holding",
    "riding",
    "walking",
    "eating",
    "playing",
    "looking",
    "parked",
    "flying",
    "lying",
    "covered",
    "filled",
    "people",
    "group",
    "couple",
    "pair",
    "top",
    "front",
    "side",
    "down",
    "up",
    "road",
    "park",
    "city",
    "food",
    "giraffe",
    "elephant",
    "zebra",
    "sheep",
    "cow"
  };

  /**
   * Caption metrics end to end: PTB tokenization of references and candidates, BLEU-1..4, ROUGE-L
   * and CIDEr-D over {@code --caption-images} images with 5 generated references each.
   */
  private Map<String, Object> measureCaptions() {
    PeakMemory.reset();
    SplittableRandom random = new SplittableRandom(CAPTION_SEED);
    Map<String, List<String>> references = new LinkedHashMap<>();
    Map<String, String> candidates = new LinkedHashMap<>();
    for (int i = 0; i < captionImages; i++) {
      List<List<String>> refs = new ArrayList<>(REFERENCES_PER_IMAGE);
      for (int r = 0; r < REFERENCES_PER_IMAGE; r++) {
        refs.add(randomCaptionWords(random));
      }
      String id = Integer.toString(i);
      references.put(id, refs.stream().map(BenchCommand::asSentence).toList());
      candidates.put(id, asSentence(overlapping(refs.get(random.nextInt(refs.size())), random)));
    }
    long start = System.nanoTime();
    CaptionScores scores;
    try (ProgressBar bar = progress("captions", 1)) {
      scores = new CaptionScorer().score(references, candidates);
      bar.step();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Object> row =
        metricRow(
            "captions ptb bleu1-4/rouge-l/cider-d "
                + captionImages
                + " images x "
                + REFERENCES_PER_IMAGE
                + " refs",
            seconds,
            captionImages);
    Map<String, Double> overall = new LinkedHashMap<>();
    for (String metric : CaptionScores.METRICS) {
      overall.put(metric, scores.get(metric));
    }
    row.put("scores", overall);
    return row;
  }

  private static final long SPICE_SEED = 13L;

  private static final String[] SUBJECTS = {
    "man",
    "woman",
    "boy",
    "girl",
    "child",
    "dog",
    "cat",
    "horse",
    "person",
    "player",
    "skier",
    "surfer",
    "giraffe",
    "elephant",
    "bird",
    "cow"
  };
  private static final String[] PLURAL_SUBJECTS = {
    "men",
    "women",
    "children",
    "dogs",
    "people",
    "players",
    "giraffes",
    "elephants",
    "birds",
    "sheep"
  };
  private static final String[] ADJECTIVES = {
    "young", "old", "small", "large", "tall", "red", "white", "black", "brown", "blue", "green",
    "wooden", "happy", "little"
  };
  private static final String[] ACTIONS = {
    "riding",
    "holding",
    "eating",
    "carrying",
    "watching",
    "throwing",
    "pulling",
    "chasing",
    "playing with",
    "looking at",
    "sitting on",
    "standing next to",
    "walking past"
  };
  private static final String[] THINGS = {
    "bicycle",
    "umbrella",
    "pizza",
    "frisbee",
    "kite",
    "surfboard",
    "skateboard",
    "ball",
    "sandwich",
    "bench",
    "car",
    "bus",
    "train",
    "boat",
    "table",
    "phone",
    "book",
    "cake"
  };
  private static final String[] PREPOSITIONS = {"in", "on", "near", "at", "beside", "under"};
  private static final String[] PLACES = {
    "park",
    "street",
    "beach",
    "field",
    "kitchen",
    "room",
    "city",
    "snow",
    "water",
    "grass",
    "road",
    "yard",
    "forest",
    "restaurant"
  };
  private static final String[] NUMBERS = {"two", "three", "four", "several", "many"};

  /**
   * SPICE on generated captions shaped like COCO's ("a young man riding a red bicycle on the
   * street", about 10 words), so that the parser sees sentences rather than word salad: the time
   * includes loading CoreNLP (also reported alone as build seconds) and parsing every distinct
   * caption once.
   */
  private Map<String, Object> measureSpice() {
    PeakMemory.reset();
    SplittableRandom random = new SplittableRandom(SPICE_SEED);
    Map<String, List<String>> references = new LinkedHashMap<>();
    Map<String, String> candidates = new LinkedHashMap<>();
    for (int i = 0; i < spiceImages; i++) {
      String subject = pick(SUBJECTS, random);
      String thing = pick(THINGS, random);
      String place = pick(PLACES, random);
      List<String> refs = new ArrayList<>(REFERENCES_PER_IMAGE);
      for (int r = 0; r < REFERENCES_PER_IMAGE; r++) {
        refs.add(sceneCaption(random.nextInt(4) == 0 ? null : subject, thing, place, random));
      }
      String id = Integer.toString(i);
      references.put(id, refs);
      candidates.put(
          id,
          sceneCaption(
              random.nextBoolean() ? subject : null,
              random.nextBoolean() ? thing : pick(THINGS, random),
              place,
              random));
    }
    long start = System.nanoTime();
    double openSeconds;
    SpiceScores scores;
    int distinct = 0;
    try (ProgressBar bar = progress("spice", -1)) {
      SpiceScorer spice;
      try {
        spice = corenlp != null ? SpiceScorer.open(corenlp) : SpiceScorer.open();
      } catch (CoreNlpMissingException e) {
        throw new CliInputException("--components spice: " + e.getMessage());
      }
      openSeconds = (System.nanoTime() - start) / 1e9;
      int[] parsed = new int[1];
      try (spice) {
        scores =
            spice.score(
                references,
                candidates,
                (done, total) -> {
                  bar.maxHint(total);
                  bar.stepTo(done);
                  parsed[0] = total;
                });
      }
      distinct = parsed[0];
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Object> row =
        metricRow(
            "spice corenlp-4.5.10 "
                + spiceImages
                + " images x "
                + REFERENCES_PER_IMAGE
                + " refs ("
                + distinct
                + " parses)",
            seconds,
            spiceImages);
    row.put("session_seconds", openSeconds);
    row.put("captions_parsed", distinct);
    row.put("parses_per_second", distinct / (seconds - openSeconds));
    row.put("spice", scores.spice());
    return row;
  }

  /** "[det] [adjective] subject action [det] [adjective] thing preposition the place". */
  private static String sceneCaption(
      String subject, String thing, String place, SplittableRandom random) {
    StringBuilder c = new StringBuilder();
    if (subject == null) {
      c.append(pick(NUMBERS, random)).append(' ');
      if (random.nextBoolean()) {
        c.append(pick(ADJECTIVES, random)).append(' ');
      }
      c.append(pick(PLURAL_SUBJECTS, random)).append(" are ");
    } else {
      c.append(random.nextBoolean() ? "a " : "the ");
      if (random.nextBoolean()) {
        c.append(pick(ADJECTIVES, random)).append(' ');
      }
      c.append(subject).append(random.nextInt(3) == 0 ? " is " : " ");
    }
    c.append(pick(ACTIONS, random)).append(" a ");
    if (random.nextBoolean()) {
      c.append(pick(ADJECTIVES, random)).append(' ');
    }
    c.append(thing);
    if (random.nextInt(3) > 0) {
      c.append(' ').append(pick(PREPOSITIONS, random)).append(" the ").append(place);
    }
    String s = c.toString();
    return Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".";
  }

  private static String pick(String[] words, SplittableRandom random) {
    return words[random.nextInt(words.length)];
  }

  /** 8 to 15 words, alternating loosely between function and content words. */
  private static List<String> randomCaptionWords(SplittableRandom random) {
    int length = 8 + random.nextInt(8);
    List<String> words = new ArrayList<>(length);
    for (int w = 0; w < length; w++) {
      String[] pool = random.nextInt(5) < 2 ? FUNCTION_WORDS : CONTENT_WORDS;
      words.add(pool[random.nextInt(pool.length)]);
    }
    return words;
  }

  /** A candidate sharing about 60% of its words, in order, with {@code reference}. */
  private static List<String> overlapping(List<String> reference, SplittableRandom random) {
    List<String> words = new ArrayList<>(reference.size());
    for (String word : reference) {
      int draw = random.nextInt(10);
      if (draw < 6) {
        words.add(word);
      } else if (draw < 9) {
        words.add(CONTENT_WORDS[random.nextInt(CONTENT_WORDS.length)]);
      } // else the word is dropped
    }
    if (words.isEmpty()) {
      words.add(reference.get(0));
    }
    return words;
  }

  /** Capitalised and ended with a period, as annotators write, so PTB tokenization has work. */
  private static String asSentence(List<String> words) {
    String joined = String.join(" ", words);
    return Character.toUpperCase(joined.charAt(0)) + joined.substring(1) + ".";
  }

  /**
   * Linear CKA in Gram form on all examples at once, and minibatch CKA over {@code --cka-batch}
   * batches of 256 x 1280 features per example, generated batch by batch so memory stays bounded.
   * Generation is not timed.
   */
  private List<Map<String, Object>> measureCka() {
    List<Map<String, Object>> rows = new ArrayList<>();
    int fullWidth = CKA_TOKENS * CKA_WIDTH;
    boolean fullGramFits = (long) ckaExamples * fullWidth * Float.BYTES <= GRAM_FEATURE_BYTES_LIMIT;
    int gramWidth = fullGramFits ? fullWidth : CKA_WIDTH;
    SplittableRandom random = new SplittableRandom(CKA_SEED);
    INDArray[] xy = correlatedFeatures(ckaExamples, gramWidth, random);
    PeakMemory.reset();
    long start = System.nanoTime();
    double gramCka;
    try (ProgressBar bar = progress("cka gram", 1)) {
      gramCka = Cka.linear(xy[0], xy[1]);
      bar.step();
    }
    double gramSeconds = (System.nanoTime() - start) / 1e9;
    xy[0].close();
    xy[1].close();
    Map<String, Object> gram =
        metricRow(
            "cka linear gram n="
                + ckaExamples
                + " d="
                + (fullGramFits
                    ? CKA_TOKENS + "x" + CKA_WIDTH
                    : CKA_WIDTH + " (256x1280 would need " + gigabytes(fullWidth) + " GB)"),
            gramSeconds,
            ckaExamples);
    gram.put("cka", gramCka);
    rows.add(gram);

    PeakMemory.reset();
    MinibatchCka minibatch = new MinibatchCka(1, 1);
    double minibatchSeconds = 0;
    double generationSeconds = 0;
    int batches = ckaExamples / ckaBatch;
    try (ProgressBar bar = progress("cka minibatch", batches)) {
      for (int b = 0; b < batches; b++) {
        long g = System.nanoTime();
        INDArray[] batch = correlatedFeatures(ckaBatch, fullWidth, random);
        long u = System.nanoTime();
        minibatch.update(batch[0], batch[1]);
        minibatchSeconds += (System.nanoTime() - u) / 1e9;
        generationSeconds += (u - g) / 1e9;
        batch[0].close();
        batch[1].close();
        bar.step();
      }
    }
    Map<String, Object> row =
        metricRow(
            "cka minibatch n="
                + ckaExamples
                + " d="
                + CKA_TOKENS
                + "x"
                + CKA_WIDTH
                + " batch "
                + ckaBatch,
            minibatchSeconds,
            ckaExamples);
    row.put("cka", minibatch.result()[0][0]);
    row.put("generation_seconds", generationSeconds);
    rows.add(row);
    return rows;
  }

  /**
   * Joint PCA of an image pair (two maps, as the paper's figures) at the token grids and channel
   * counts of SD2.1-base's up-block outputs for a 512 px image, plus the largest combination; the
   * time includes the projection of every token onto the three components.
   */
  private List<Map<String, Object>> measurePca() {
    int[][] shapes = {{16, 1280}, {32, 640}, {64, 320}, {64, 1280}};
    SplittableRandom random = new SplittableRandom(PCA_SEED);
    // One small PCA first, so that no row pays for loading LAPACK and warming the JIT.
    INDArray[] warmUp = correlatedFeatures(64, 16, random);
    FeatureMapPca.joint(List.of(new FeatureMap(warmUp[0], 8, 8), new FeatureMap(warmUp[1], 8, 8)));
    List<Map<String, Object>> rows = new ArrayList<>();
    try (ProgressBar bar = progress("pca", shapes.length)) {
      for (int[] shape : shapes) {
        int side = shape[0];
        int channels = shape[1];
        INDArray[] pair = correlatedFeatures(side * side, channels, random);
        List<FeatureMap> maps =
            List.of(new FeatureMap(pair[0], side, side), new FeatureMap(pair[1], side, side));
        PeakMemory.reset();
        long start = System.nanoTime();
        PcaMaps pca = FeatureMapPca.joint(maps);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> row =
            metricRow("pca joint pair " + side + "x" + side + "x" + channels, seconds, maps.size());
        row.put("singular_values", pca.singularValues());
        rows.add(row);
        pair[0].close();
        pair[1].close();
        bar.step();
      }
    }
    return rows;
  }

  private String gigabytes(int width) {
    return String.format("%.1f", (double) ckaExamples * width * Float.BYTES / 1e9);
  }

  /**
   * Two float32 representations of the same {@code n} examples, y = 0.6 x + independent noise, so
   * CKA is neither 0 nor 1. Drawn with SplittableRandom straight into the off-heap buffers.
   */
  private static INDArray[] correlatedFeatures(int n, int width, SplittableRandom random) {
    INDArray x = Nd4j.createUninitialized(DataType.FLOAT, n, width);
    INDArray y = Nd4j.createUninitialized(DataType.FLOAT, n, width);
    FloatBuffer xb = x.data().asNioFloat();
    FloatBuffer yb = y.data().asNioFloat();
    float[] xs = new float[width];
    float[] ys = new float[width];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < width; j++) {
        float v = (float) (random.nextDouble() - 0.5);
        xs[j] = v;
        ys[j] = 0.6f * v + (float) (random.nextDouble() - 0.5);
      }
      xb.put(xs);
      yb.put(ys);
    }
    return new INDArray[] {x, y};
  }

  /** One row for a metric timed once over {@code items} images or examples. */
  private static Map<String, Object> metricRow(String component, double seconds, int items) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("component", component);
    row.put("seconds", seconds);
    row.put("seconds_per_image", seconds / items);
    row.put("images_per_second", items / seconds);
    row.put("peak_rss_mb", PeakMemory.residentMegabytes());
    return row;
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
            "%-58s %10s %10s %10s %10s %12s%n",
            "component", "s/image", "images/s", "total s", "build s", "peak RSS MB");
    for (Map<String, Object> r : rows) {
      out()
          .printf(
              "%-58s %10.3g %10.3f %10s %10s %12.0f%n",
              r.get("component"),
              (double) r.get("seconds_per_image"),
              (double) r.get("images_per_second"),
              figure(r.get("seconds"), "%.2f"),
              figure(r.get("session_seconds"), "%.1f"),
              (double) r.get("peak_rss_mb"));
    }
    Provenance provenance =
        Provenance.of("examples/bench")
            .withOption("shape", shape)
            .withOption("runs", runs)
            .withOption("threads", threads)
            .withOption("components", components)
            .withOption("caption_images", captionImages)
            .withOption("spice_images", spiceImages)
            .withOption("cka_examples", ckaExamples)
            .withOption("cka_batch", ckaBatch)
            .withOption("cores", Runtime.getRuntime().availableProcessors())
            .withSeed("weights", SEED)
            .withSeed("captions", CAPTION_SEED)
            .withSeed("spice", SPICE_SEED)
            .withSeed("cka", CKA_SEED)
            .withSeed("pca", PCA_SEED);
    ResultFile.write(out.file(), rows, provenance);
    out().println("\nwrote " + out.file());
  }

  /**
   * The components that run the generated Stable Diffusion checkpoint (clip-vision: its tokenizer).
   */
  private static final List<String> SD_COMPONENTS =
      List.of("vae", "unet", "sd-scorer", "clip-vision");

  private static final List<String> COMPONENTS =
      List.of("vae", "unet", "sd-scorer", "clip-vision", "captions", "spice", "cka", "pca");

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
    PeakMemory.reset();
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
