package ai.taskaware.diffusion;

import ai.taskaware.core.checkpoint.CheckpointFingerprint;
import ai.taskaware.core.image.ImageDecoder;
import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.model.TextEncoder;
import ai.taskaware.core.runtime.GraphSessions;
import ai.taskaware.core.runtime.OnnxSession;
import ai.taskaware.diffusion.schedule.GaussianNoise;
import ai.taskaware.diffusion.schedule.NoiseSchedule;
import ai.taskaware.diffusion.tap.TapName;
import ai.taskaware.diffusion.tap.TapType;
import ai.taskaware.diffusion.unet.UNetCheckpoint;
import ai.taskaware.diffusion.unet.UNetGraph;
import ai.taskaware.diffusion.unet.UNetLayout;
import ai.taskaware.diffusion.unet.UNetSlice;
import ai.taskaware.diffusion.vae.StableDiffusionPixels;
import ai.taskaware.diffusion.vae.VaeEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Stable Diffusion U-Net features of images, conditioned on prompts, as in Agarwal et al.: each
 * image is resized ({@link StableDiffusionPixels}) and encoded by the VAE once per call; its latent
 * is noised to each timestep with one seeded ε ({@code x_t = √ᾱ_t·x0 + √(1−ᾱ_t)·ε}); the U-Net
 * slice that computes the requested taps runs on {@code [unconditional rows; conditional rows]} in
 * one batch; each tap is combined as {@code X = X_u + s·(X_c − X_u)} (s = 0 runs no conditional
 * rows and returns X_u; s = 1 returns X_c as computed; a row whose prompt is {@code ""} has X_c =
 * X_u), resized to a token grid ({@link TokenGrid}: area average when shrinking, nearest when
 * growing) and optionally averaged over timesteps.
 *
 * <p>Output shapes follow the tap type: tokens (B, tokens, C) for attention and transformer-block
 * taps, (B, C, H, W) for resnet, transformer, block and model outputs; with a token grid G these
 * become (B, G², C) and (B, C, G, G). Text-side taps (Cross-K/V), attention maps and timestep
 * embeddings are returned unresized.
 *
 * <p>The unconditional text embedding is the text encoder's output for {@code ""}; without a text
 * encoder it is {@link ExtractorOptions#unconditionalEmbedding()} (zeros by default), and only
 * {@code ""} prompts are allowed.
 *
 * <p>One U-Net session is built per distinct tap set and kept for the extractor's life (through the
 * {@link ai.taskaware.core.runtime.OnnxModelCache} when one is configured, keyed by the U-Net's
 * fingerprint). Thread-safe: concurrent calls share sessions. The text encoder is not closed by
 * {@link #close()}: its owner closes it.
 */
public final class DiffusionFeatureExtractor implements AutoCloseable {

  private final UNetCheckpoint unet;
  private final VaeEncoder vae;
  private final NoiseSchedule schedule;
  private final TextEncoder textEncoder;
  private final ExtractorOptions options;
  private final String unetFingerprint;
  private final int imageSize;
  private final int textWidth;
  private final INDArray unconditional;
  private final Map<String, SliceSession> sessions = new ConcurrentHashMap<>();

  /** A built slice and its session. */
  private record SliceSession(UNetSlice slice, OnnxSession session) {}

  private DiffusionFeatureExtractor(
      UNetCheckpoint unet,
      VaeEncoder vae,
      NoiseSchedule schedule,
      TextEncoder textEncoder,
      ExtractorOptions options) {
    this.unet = unet;
    this.vae = vae;
    this.schedule = schedule;
    this.textEncoder = textEncoder;
    this.options = options;
    this.unetFingerprint = options.cache() == null ? "" : CheckpointFingerprint.of(unet.folder());
    Set<Integer> widths = new HashSet<>(unet.layout().config().crossAttentionDimPerBlock());
    if (widths.size() != 1) {
      throw new IllegalArgumentException(
          unet.folder() + ": cross_attention_dim differs per block " + widths + "; not supported");
    }
    this.textWidth = widths.iterator().next();
    if (textEncoder != null && textEncoder.hiddenSize() != textWidth) {
      throw new IllegalArgumentException(
          "the text encoder's hidden size "
              + textEncoder.hiddenSize()
              + " does not match the U-Net's cross_attention_dim "
              + textWidth
              + " ("
              + unet.folder()
              + ")");
    }
    this.unconditional = textEncoder == null ? unconditionalWithoutEncoder(options) : null;
    int downsampling = 1 << (vae.config().blockOutChannels().size() - 1);
    Integer latent = unet.layout().config().sampleSize();
    this.imageSize =
        options.imageSize() > 0
            ? options.imageSize()
            : (latent == null ? 64 : latent) * downsampling;
  }

  private INDArray unconditionalWithoutEncoder(ExtractorOptions options) {
    INDArray given = options.unconditionalEmbedding();
    if (given == null) {
      return Nd4j.zeros(DataType.FLOAT, 1, 77, textWidth);
    }
    INDArray e = given.rank() == 2 ? given.reshape(1, given.size(0), given.size(1)) : given;
    if (e.rank() != 3 || e.size(0) != 1 || e.size(2) != textWidth) {
      throw new IllegalArgumentException(
          "unconditional embedding must be S×"
              + textWidth
              + " or 1×S×"
              + textWidth
              + ", got "
              + java.util.Arrays.toString(given.shape()));
    }
    return e.castTo(DataType.FLOAT).dup('c');
  }

  /**
   * Opens the {@code unet/}, {@code vae/} and {@code scheduler/} of a diffusers Stable Diffusion
   * folder.
   *
   * @param textEncoder encodes prompts (its hidden size must be the U-Net's {@code
   *     cross_attention_dim}); null to allow only unconditional prompts
   * @throws ai.taskaware.core.checkpoint.CheckpointException when a component is missing or
   *     malformed
   */
  public static DiffusionFeatureExtractor open(
      Path stableDiffusionFolder, TextEncoder textEncoder, ExtractorOptions options) {
    UNetCheckpoint unet = UNetCheckpoint.open(stableDiffusionFolder.resolve("unet"));
    VaeEncoder vae = null;
    try {
      NoiseSchedule schedule = NoiseSchedule.read(stableDiffusionFolder.resolve("scheduler"));
      vae =
          VaeEncoder.open(stableDiffusionFolder.resolve("vae"), options.runtime(), options.cache());
      return new DiffusionFeatureExtractor(unet, vae, schedule, textEncoder, options);
    } catch (RuntimeException e) {
      if (vae != null) {
        vae.close();
      }
      unet.close();
      throw e;
    }
  }

  /** The U-Net's architecture and the taps it has. */
  public UNetLayout layout() {
    return unet.layout();
  }

  /** The noise schedule. */
  public NoiseSchedule schedule() {
    return schedule;
  }

  /** Side the images are resized to. */
  public int imageSize() {
    return imageSize;
  }

  /**
   * Features of every image under every prompt of {@code prompts} (rows image-major); no prompts
   * means the unconditional prompt {@code ""} only.
   *
   * @throws ai.taskaware.diffusion.tap.UnknownTapException listing the U-Net's taps
   * @throws ai.taskaware.diffusion.schedule.TimestepOutOfRangeException for a bad timestep
   * @throws MissingTextEncoderException for a non-empty prompt without a text encoder
   */
  public DiffusionFeatures extract(
      List<RgbImage> images, List<String> prompts, FeatureRequest request) {
    List<List<String>> perImage = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      perImage.add(prompts);
    }
    return extractPerImage(images, perImage, request);
  }

  /**
   * As {@link #extract}, reading the images from files first.
   *
   * @throws ai.taskaware.core.image.ImageDecodingException naming the file when one cannot be
   *     decoded
   */
  public DiffusionFeatures extractFiles(
      List<Path> imageFiles, List<String> prompts, FeatureRequest request) {
    List<RgbImage> images = new ArrayList<>();
    for (Path f : imageFiles) {
      images.add(ImageDecoder.read(f));
    }
    return extract(images, prompts, request);
  }

  /**
   * Features of each image under its own prompts ({@code promptsPerImage.get(i)} for image i; an
   * empty list means {@code ""}).
   *
   * @throws IllegalArgumentException when the lists differ in length or are empty
   */
  public DiffusionFeatures extractPerImage(
      List<RgbImage> images, List<List<String>> promptsPerImage, FeatureRequest request) {
    if (images == null || images.isEmpty()) {
      throw new IllegalArgumentException("no images given");
    }
    Plan plan = plan(images.size(), promptsPerImage, request);
    return run(plan, encodeImages(images, request), request);
  }

  /**
   * Scaled VAE latents of {@code images}, one {@code [1, C, h, w]} array per image, as {@link
   * #extract} computes them (resized, VAE mean or the request's seeded sample, times the VAE's
   * scaling factor), for callers that reuse them across calls of {@link #extractFromLatents}.
   *
   * @throws IllegalArgumentException when {@code images} is null or empty
   */
  public List<INDArray> encodeImages(List<RgbImage> images, FeatureRequest request) {
    if (images == null || images.isEmpty()) {
      throw new IllegalArgumentException("no images given");
    }
    return latents(images, request);
  }

  /**
   * As {@link #extractPerImage}, from latents made by {@link #encodeImages} (the VAE does not run;
   * the request's {@code latentSampleSeed} is not used).
   *
   * @throws IllegalArgumentException when the lists differ in length or are empty, or a latent is
   *     not {@code [1, C, h, w]} like the first
   */
  public DiffusionFeatures extractFromLatents(
      List<INDArray> latents, List<List<String>> promptsPerImage, FeatureRequest request) {
    if (latents == null || latents.isEmpty()) {
      throw new IllegalArgumentException("no latents given");
    }
    long[] first = latents.get(0) == null ? null : latents.get(0).shape();
    for (int i = 0; i < latents.size(); i++) {
      INDArray l = latents.get(i);
      if (l == null
          || l.rank() != 4
          || l.size(0) != 1
          || !java.util.Arrays.equals(l.shape(), first)) {
        throw new IllegalArgumentException(
            "latent "
                + i
                + " must be [1, C, h, w] like latent 0 "
                + java.util.Arrays.toString(first)
                + ", got "
                + (l == null ? "null" : java.util.Arrays.toString(l.shape())));
      }
    }
    Plan plan = plan(latents.size(), promptsPerImage, request);
    return run(plan, latents, request);
  }

  /** Validated taps and output rows of one call. */
  private record Plan(
      Map<String, TapName> taps, List<DiffusionFeatures.Row> rows, Set<String> distinctPrompts) {}

  private Plan plan(int images, List<List<String>> promptsPerImage, FeatureRequest request) {
    if (promptsPerImage == null || promptsPerImage.size() != images) {
      throw new IllegalArgumentException(
          "one prompt list per image expected: "
              + images
              + " images, "
              + (promptsPerImage == null ? 0 : promptsPerImage.size())
              + " prompt lists");
    }
    // Validate everything before any work.
    Map<String, TapName> taps = new LinkedHashMap<>();
    for (String name : request.taps()) {
      taps.put(name, unet.layout().resolve(name));
    }
    for (int t : request.timesteps()) {
      schedule.checkTimestep(t);
    }
    List<DiffusionFeatures.Row> rows = new ArrayList<>();
    Set<String> distinctPrompts = new LinkedHashSet<>();
    distinctPrompts.add("");
    for (int i = 0; i < images; i++) {
      List<String> ps = promptsPerImage.get(i);
      for (String p : ps == null || ps.isEmpty() ? List.of("") : ps) {
        if (p == null) {
          throw new IllegalArgumentException("prompt of image " + i + " is null");
        }
        if (!p.isEmpty() && textEncoder == null) {
          throw new MissingTextEncoderException(p);
        }
        rows.add(new DiffusionFeatures.Row(i, p));
        distinctPrompts.add(p);
      }
    }
    return new Plan(taps, rows, distinctPrompts);
  }

  private DiffusionFeatures run(Plan plan, List<INDArray> latents, FeatureRequest request) {
    Map<String, TapName> taps = plan.taps();
    List<DiffusionFeatures.Row> rows = plan.rows();
    SliceSession slice = slice(new LinkedHashSet<>(taps.values()));
    Map<String, INDArray> embeddings = embed(List.copyOf(plan.distinctPrompts()));
    long[] latentShape = latents.get(0).shape();
    INDArray noise = GaussianNoise.sample(request.noiseSeed(), latentShape);
    int latentH = (int) latentShape[2];
    int latentW = (int) latentShape[3];

    double s = request.guidanceScale();
    boolean needCond = s != 0.0;
    boolean[] needUncond = new boolean[latents.size()];
    int[] condRows = new int[latents.size()];
    for (DiffusionFeatures.Row row : rows) {
      if (row.prompt().isEmpty() || !needCond || s != 1.0) {
        needUncond[row.image()] = true;
      }
      if (needCond && !row.prompt().isEmpty()) {
        condRows[row.image()]++;
      }
    }
    List<List<Integer>> groups = groups(needUncond, condRows, request.batchSize());
    long totalRuns = (long) groups.size() * request.timesteps().size();
    long runs = 0;

    // per tap, per timestep, per output row
    Map<String, List<INDArray[]>> out = new LinkedHashMap<>();
    for (String name : taps.keySet()) {
      List<INDArray[]> perT = new ArrayList<>();
      for (int k = 0; k < request.timesteps().size(); k++) {
        perT.add(new INDArray[rows.size()]);
      }
      out.put(name, perT);
    }
    for (int k = 0; k < request.timesteps().size(); k++) {
      int t = request.timesteps().get(k);
      for (List<Integer> group : groups) {
        // U-Net rows: unconditional rows first (one per image), then conditional ones.
        List<INDArray> samples = new ArrayList<>();
        List<INDArray> contexts = new ArrayList<>();
        Map<Integer, Integer> uncondRow = new TreeMap<>();
        Map<Integer, Integer> condRow = new TreeMap<>();
        Map<Integer, INDArray> noisy = new TreeMap<>();
        for (int image : group) {
          noisy.put(image, schedule.addNoise(latents.get(image), noise, (long) t));
        }
        for (int image : group) {
          if (needUncond[image]) {
            uncondRow.put(image, samples.size());
            samples.add(noisy.get(image));
            contexts.add(embeddings.get(""));
          }
        }
        if (needCond) {
          for (int r = 0; r < rows.size(); r++) {
            DiffusionFeatures.Row row = rows.get(r);
            if (group.contains(row.image()) && !row.prompt().isEmpty()) {
              condRow.put(r, samples.size());
              samples.add(noisy.get(row.image()));
              contexts.add(embeddings.get(row.prompt()));
            }
          }
        }
        int n = samples.size();
        long[] timesteps = new long[n];
        java.util.Arrays.fill(timesteps, t);
        Map<String, INDArray> feeds = new LinkedHashMap<>();
        feeds.put(UNetGraph.SAMPLE, Nd4j.concat(0, samples.toArray(INDArray[]::new)));
        feeds.put(UNetGraph.TIMESTEP, Nd4j.createFromArray(timesteps));
        feeds.put(
            UNetGraph.ENCODER_HIDDEN_STATES, Nd4j.concat(0, contexts.toArray(INDArray[]::new)));
        Map<String, INDArray> result =
            slice.session().run(feeds, new HashSet<>(slice.slice().outputs().values()));
        for (Map.Entry<String, TapName> e : taps.entrySet()) {
          TapName tap = e.getValue();
          INDArray value = result.get(slice.slice().outputName(tap));
          long perRow = value.size(0) / n;
          for (int r = 0; r < rows.size(); r++) {
            DiffusionFeatures.Row row = rows.get(r);
            if (!group.contains(row.image())) {
              continue;
            }
            INDArray uncond =
                uncondRow.containsKey(row.image())
                    ? rowsOf(value, uncondRow.get(row.image()), perRow)
                    : null;
            INDArray guided;
            if (row.prompt().isEmpty() || s == 0.0) {
              guided = uncond;
            } else if (s == 1.0) {
              guided = rowsOf(value, condRow.get(r), perRow);
            } else {
              INDArray cond = rowsOf(value, condRow.get(r), perRow);
              guided = uncond.add(cond.sub(uncond).muli((float) s));
            }
            out.get(e.getKey()).get(k)[r] =
                request.tokenGrid() > 0
                    ? resize(guided, tap.type(), latentH, latentW, request.tokenGrid())
                    : guided;
          }
        }
        runs++;
        request.progress().progress("extract features", runs, totalRuns);
      }
    }

    Map<String, List<INDArray>> values = new LinkedHashMap<>();
    for (Map.Entry<String, List<INDArray[]>> e : out.entrySet()) {
      List<INDArray> perT = new ArrayList<>();
      for (INDArray[] byRow : e.getValue()) {
        perT.add(Nd4j.concat(0, byRow));
      }
      if (request.ensembleTimesteps() && perT.size() > 1) {
        INDArray sum = perT.get(0).dup();
        for (int k = 1; k < perT.size(); k++) {
          sum.addi(perT.get(k));
        }
        perT = List.of(sum.divi((float) perT.size()));
      }
      values.put(e.getKey(), perT);
    }
    return new DiffusionFeatures(
        rows,
        request.timesteps(),
        request.ensembleTimesteps() && request.timesteps().size() > 1,
        values);
  }

  /** Rows {@code [row·perRow, (row+1)·perRow)} of {@code value} as a new array. */
  private static INDArray rowsOf(INDArray value, int row, long perRow) {
    return value.get(NDArrayIndex.interval(row * perRow, (row + 1) * perRow)).dup('c');
  }

  /**
   * Images grouped so each group's U-Net rows (one unconditional per image, one conditional per
   * non-empty prompt when conditioning) fit {@code batchSize}; an image never spans groups.
   */
  private static List<List<Integer>> groups(boolean[] uncond, int[] cond, int batchSize) {
    List<List<Integer>> groups = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    int used = 0;
    for (int i = 0; i < uncond.length; i++) {
      int need = (uncond[i] ? 1 : 0) + cond[i];
      if (!current.isEmpty() && used + need > batchSize) {
        groups.add(current);
        current = new ArrayList<>();
        used = 0;
      }
      current.add(i);
      used += need;
    }
    groups.add(current);
    return groups;
  }

  private static INDArray resize(INDArray x, TapType type, int latentH, int latentW, int grid) {
    switch (type) {
      case CONV_IN, CONV_NORM_OUT, NOISE_PRED, BLOCK_OUT, RES_OUT, VIT_OUT:
        return TokenGrid.image(x, grid);
      case OUT, SELF_Q, SELF_K, SELF_V, SELF_ATTN, CROSS_Q, CROSS_ATTN:
        int[] hw = TokenGrid.levelSize(x.size(1), latentH, latentW);
        return TokenGrid.tokens(x, hw[0], hw[1], grid);
      default:
        return x;
    }
  }

  private Map<String, INDArray> embed(List<String> prompts) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    if (textEncoder == null) {
      out.put("", unconditional);
      return out;
    }
    INDArray encoded = textEncoder.encode(prompts).castTo(DataType.FLOAT);
    for (int i = 0; i < prompts.size(); i++) {
      out.put(prompts.get(i), encoded.get(NDArrayIndex.interval(i, i + 1)).dup('c'));
    }
    return out;
  }

  /** Scaled VAE latents, one [1, 4, h, w] per image, each image encoded once. */
  private List<INDArray> latents(List<RgbImage> images, FeatureRequest request) {
    List<INDArray> out = new ArrayList<>();
    for (int start = 0; start < images.size(); start += request.batchSize()) {
      List<RgbImage> chunk =
          images.subList(start, Math.min(images.size(), start + request.batchSize()));
      INDArray pixels = StableDiffusionPixels.of(chunk, imageSize);
      VaeEncoder.LatentMoments moments = vae.moments(pixels);
      for (int i = 0; i < chunk.size(); i++) {
        VaeEncoder.LatentMoments one =
            new VaeEncoder.LatentMoments(
                moments.mean().get(NDArrayIndex.interval(i, i + 1)).dup('c'),
                moments.logvar().get(NDArrayIndex.interval(i, i + 1)).dup('c'));
        Long seed = request.latentSampleSeed();
        // each image's sample uses its own stream so batching does not change it
        out.add(vae.scale(one, seed == null ? null : seed + 1_000_003L * (start + i)));
      }
      request.progress().progress("encode images", out.size(), images.size());
    }
    return out;
  }

  private SliceSession slice(Set<TapName> taps) {
    List<TapName> ordered = new ArrayList<>(taps);
    ordered.sort(java.util.Comparator.comparing(TapName::toString));
    List<String> names = new ArrayList<>();
    for (TapName t : ordered) {
      names.add(t.toString());
    }
    String key =
        "unet-slice/v1;T=" + schedule.trainTimesteps() + ";taps=" + String.join(",", names);
    return sessions.computeIfAbsent(
        key,
        k -> {
          UNetSlice built = UNetGraph.slice(unet, ordered, schedule.trainTimesteps());
          OnnxSession session =
              GraphSessions.open(
                  built::graph, unetFingerprint, k, options.runtime(), options.cache());
          return new SliceSession(built, session);
        });
  }

  /** Closes the sessions and the VAE and unmaps the U-Net weights (not the text encoder). */
  @Override
  public synchronized void close() {
    for (SliceSession s : sessions.values()) {
      s.session().close();
    }
    sessions.clear();
    vae.close();
    unet.close();
  }
}
