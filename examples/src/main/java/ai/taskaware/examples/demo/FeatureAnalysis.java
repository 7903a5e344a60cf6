package ai.taskaware.examples.demo;

import ai.taskaware.benchmarks.naturalbench.NaturalBenchSample;
import ai.taskaware.clip.text.ClipTokenizer;
import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.model.ProgressListener;
import ai.taskaware.core.provenance.Provenance;
import ai.taskaware.core.provenance.ResultFile;
import ai.taskaware.diffusion.DiffusionFeatureExtractor;
import ai.taskaware.diffusion.DiffusionFeatures;
import ai.taskaware.diffusion.FeatureRequest;
import ai.taskaware.diffusion.tap.UnknownTapException;
import ai.taskaware.metrics.cka.Cka;
import ai.taskaware.metrics.cka.CkaVariant;
import ai.taskaware.metrics.figure.AttentionOverlay;
import ai.taskaware.metrics.figure.ImageGrid;
import ai.taskaware.metrics.figure.MatrixHeatmap;
import ai.taskaware.metrics.figure.PngFile;
import ai.taskaware.metrics.pca.FeatureMap;
import ai.taskaware.metrics.pca.FeatureMapPca;
import ai.taskaware.metrics.pca.PcaMaps;
import ai.taskaware.metrics.similarity.TokenCosineSimilarity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The paper's feature analyses on question-conditioned U-Net features of image pairs (NaturalBench
 * samples: two images, each conditioned on the sample's first question): features at the taps of
 * {@link #FEATURE_TAPS} that the U-Net has, at t ∈ {@link #TIMESTEPS}, for s ∈ {@link #SCALES};
 * then pair cosine similarity per tap, timestep and scale; linear CKA across taps and scales; joint
 * PCA maps of each pair and of its conditional − unconditional difference; and cross-attention maps
 * of the {@link #CROSS_MAP_TAPS} tap per word of the question, overlaid on the image.
 */
public final class FeatureAnalysis {

  /**
   * Feature taps in the paper's spelling, in preference order; those the U-Net lacks are skipped.
   */
  static final List<String> FEATURE_TAPS =
      List.of("U-L1-R1-B0-Cross-Q", "U-L1-R1-Vit-Out", "U-L2-R1-Res-Out", "U-L3-R1-Vit-Out");

  /** Cross-attention map taps, finest first; the first the U-Net has is drawn. */
  static final List<String> CROSS_MAP_TAPS =
      List.of("U-L3-R1-B0-Cross-Map", "U-L2-R1-B0-Cross-Map", "U-L1-R1-B0-Cross-Map");

  static final List<Integer> TIMESTEPS = List.of(10, 50, 100);

  static final List<Double> SCALES = List.of(0.0, 1.0, 4.0);

  /** Timestep of the CKA, PCA and attention figures (the paper's default). */
  static final int FIGURE_TIMESTEP = 50;

  static final long NOISE_SEED = 0;

  /** Side of an image cell in the figures. */
  static final int CELL = 128;

  /**
   * A figure of the report.
   *
   * @param title heading
   * @param caption what it shows
   * @param png the image, relative to the report folder
   * @param json its numbers with provenance, relative to the report folder
   */
  record Figure(String title, String caption, Path png, Path json) {}

  /**
   * A table of the report.
   *
   * @param title heading
   * @param caption what it shows
   * @param header column titles
   * @param rows cells
   * @param json its numbers with provenance, relative to the report folder
   */
  record Table(
      String title, String caption, List<String> header, List<List<String>> rows, Path json) {}

  /**
   * What the analysis produced.
   *
   * @param taps the feature taps used
   * @param crossMapTap the cross-attention tap drawn, or empty when the U-Net has none
   * @param tables tables, in report order
   * @param figures figures, in report order
   */
  record Result(List<String> taps, String crossMapTap, List<Table> tables, List<Figure> figures) {}

  private final DiffusionFeatureExtractor extractor;
  private final ClipTokenizer tokenizer;
  private final Path reportDir;
  private final Provenance provenance;

  private FeatureAnalysis(
      DiffusionFeatureExtractor extractor,
      ClipTokenizer tokenizer,
      Path reportDir,
      Provenance provenance) {
    this.extractor = extractor;
    this.tokenizer = tokenizer;
    this.reportDir = reportDir;
    this.provenance = provenance;
  }

  /**
   * Extracts the features of the samples' image pairs and writes every table and figure under
   * {@code reportDir/figures}.
   *
   * @param tokenizer the tokenizer of the extractor's text encoder (aligns words to tokens)
   */
  static Result run(
      DiffusionFeatureExtractor extractor,
      ClipTokenizer tokenizer,
      List<NaturalBenchSample> samples,
      Path reportDir,
      Provenance provenance,
      ProgressListener progress) {
    return new FeatureAnalysis(extractor, tokenizer, reportDir, provenance)
        .analyse(samples, progress);
  }

  private List<String> available(List<String> candidates) {
    List<String> found = new ArrayList<>();
    for (String tap : candidates) {
      try {
        extractor.layout().resolve(tap);
        found.add(tap);
      } catch (UnknownTapException e) {
        // this U-Net's configuration has no such block: the analysis uses the others
      }
    }
    return found;
  }

  private Result analyse(List<NaturalBenchSample> samples, ProgressListener progress) {
    List<String> taps = available(FEATURE_TAPS);
    if (taps.isEmpty()) {
      throw new IllegalArgumentException(
          "the U-Net in "
              + extractor.layout().configFile()
              + " has none of the demo's taps "
              + FEATURE_TAPS);
    }
    List<String> crossMaps = available(CROSS_MAP_TAPS);
    String crossMap = crossMaps.isEmpty() ? "" : crossMaps.get(0);
    List<RgbImage> images = new ArrayList<>();
    List<String> imageSources = new ArrayList<>();
    List<List<String>> prompts = new ArrayList<>();
    for (NaturalBenchSample s : samples) {
      for (int i = 0; i < s.images().size(); i++) {
        images.add(s.images().get(i).read("naturalbench sample " + s.index() + " image " + i));
        imageSources.add(s.images().get(i).toString());
        prompts.add(List.of(s.questions().get(0)));
      }
    }
    List<String> requested = new ArrayList<>(taps);
    if (!crossMap.isEmpty()) {
      requested.add(crossMap);
    }
    Map<Double, DiffusionFeatures> byScale = new LinkedHashMap<>();
    for (double s : SCALES) {
      // attention maps are drawn for s = 1 only; they are large at real sizes (heads × HW × 77)
      List<String> forScale = s == 1.0 ? requested : taps;
      FeatureRequest request =
          FeatureRequest.of(forScale.toArray(String[]::new))
              .withTimesteps(TIMESTEPS.toArray(Integer[]::new))
              .withGuidanceScale(s)
              .withEnsembleTimesteps(false)
              .withNoiseSeed(NOISE_SEED)
              .withProgress(
                  (stage, done, total) -> progress.progress(stage + " s=" + fmt(s), done, total));
      byScale.put(s, extractor.extractPerImage(images, prompts, request));
    }
    Provenance p =
        provenance
            .withOption("taps", taps)
            .withOption("timesteps", TIMESTEPS)
            .withOption("guidance_scales", SCALES)
            .withOption("token_grid", FeatureRequest.DEFAULT_TOKEN_GRID)
            .withOption("images", imageSources)
            .withOption("prompts", prompts)
            .withSeed("noise", NOISE_SEED);
    List<Table> tables = new ArrayList<>();
    List<Figure> figures = new ArrayList<>();
    tables.add(pairSimilarity(taps, byScale, images.size() / 2, p));
    figures.add(cka(taps, byScale, p));
    figures.add(pca(taps, byScale, images, p));
    if (!crossMap.isEmpty()) {
      for (int pair = 0; pair < Math.min(2, samples.size()); pair++) {
        figures.add(
            attention(
                crossMap, byScale.get(1.0), images, 2 * pair, prompts.get(2 * pair).get(0), p));
      }
    }
    return new Result(taps, crossMap, tables, figures);
  }

  static String fmt(double s) {
    return s == Math.rint(s) ? Integer.toString((int) s) : Double.toString(s);
  }

  private static String scaleLabel(double s) {
    return "s=" + fmt(s) + (s == 0 ? " (uncond.)" : s == 1 ? " (cond.)" : " (amplified)");
  }

  /** Image {@code row}'s features as a (tokens × channels) float64 matrix. */
  public static INDArray tokens(INDArray features, int row) {
    INDArray one = features.slice(row).dup('c').castTo(DataType.DOUBLE);
    if (one.rank() == 2) {
      return one;
    }
    long channels = one.size(0);
    return one.reshape('c', channels, one.length() / channels).transpose().dup('c');
  }

  private Table pairSimilarity(
      List<String> taps, Map<Double, DiffusionFeatures> byScale, int pairs, Provenance p) {
    List<String> header = new ArrayList<>(List.of("tap", "guidance"));
    TIMESTEPS.forEach(t -> header.add("t=" + t));
    List<List<String>> rows = new ArrayList<>();
    List<Map<String, Object>> values = new ArrayList<>();
    for (String tap : taps) {
      for (double s : SCALES) {
        List<String> row = new ArrayList<>(List.of(tap, scaleLabel(s)));
        for (int t : TIMESTEPS) {
          INDArray f = byScale.get(s).get(tap, t);
          List<INDArray> firsts = new ArrayList<>();
          List<INDArray> seconds = new ArrayList<>();
          for (int k = 0; k < pairs; k++) {
            firsts.add(tokens(f, 2 * k));
            seconds.add(tokens(f, 2 * k + 1));
          }
          double cos = TokenCosineSimilarity.meanOverPairs(firsts, seconds);
          row.add(String.format(Locale.ROOT, "%.4f", cos));
          Map<String, Object> v = new LinkedHashMap<>();
          v.put("tap", tap);
          v.put("guidance_scale", s);
          v.put("timestep", t);
          v.put("mean_pair_cosine", cos);
          values.add(v);
        }
        rows.add(row);
      }
    }
    Path json = Path.of("figures", "pair-similarity.json");
    ResultFile.write(
        reportDir.resolve(json), values, p.withOption("metric", "TokenCosineSimilarity"));
    return new Table(
        "Pair cosine similarity",
        "Mean over the "
            + pairs
            + " image pairs of the mean cosine similarity of aligned tokens (16×16 token grid), per"
            + " tap, guidance scale and timestep. Lower means the features tell the two images"
            + " apart better.",
        header,
        rows,
        json);
  }

  private Figure cka(List<String> taps, Map<Double, DiffusionFeatures> byScale, Provenance p) {
    List<INDArray> layers = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (String tap : taps) {
      for (double s : SCALES) {
        INDArray f = byScale.get(s).get(tap, FIGURE_TIMESTEP);
        List<INDArray> flat = new ArrayList<>();
        for (int i = 0; i < f.size(0); i++) {
          flat.add(tokens(f, i).reshape('c', 1, -1));
        }
        layers.add(Nd4j.vstack(flat.toArray(INDArray[]::new)));
        labels.add(tap + " s=" + fmt(s));
      }
    }
    double[][] matrix = Cka.layerMatrix(layers, layers, CkaVariant.linear());
    Path png = Path.of("figures", "cka.png");
    Path json = Path.of("figures", "cka.json");
    PngFile.write(
        MatrixHeatmap.forCka("Linear CKA, t=" + FIGURE_TIMESTEP, labels, labels).render(matrix),
        reportDir.resolve(png));
    ResultFile.write(
        reportDir.resolve(json),
        Map.of("labels", labels, "matrix", matrix),
        p.withOption("metric", "Cka.linear").withOption("timestep", FIGURE_TIMESTEP));
    return new Figure(
        "CKA across taps and guidance scales",
        "Linear CKA between the features of the "
            + layers.get(0).rows()
            + " images (each flattened to one row) for every pair of (tap, guidance scale), at t="
            + FIGURE_TIMESTEP
            + ".",
        png,
        json);
  }

  private Figure pca(
      List<String> taps,
      Map<Double, DiffusionFeatures> byScale,
      List<RgbImage> images,
      Provenance p) {
    String tap = taps.contains("U-L2-R1-Res-Out") ? "U-L2-R1-Res-Out" : taps.get(taps.size() - 1);
    INDArray cond = byScale.get(1.0).get(tap, FIGURE_TIMESTEP);
    INDArray uncond = byScale.get(0.0).get(tap, FIGURE_TIMESTEP);
    List<List<RgbImage>> cells = new ArrayList<>();
    List<String> rowTitles = new ArrayList<>();
    List<Map<String, Object>> values = new ArrayList<>();
    for (int k = 0; k < images.size() / 2; k++) {
      int a = 2 * k;
      int b = a + 1;
      PcaMaps pair =
          FeatureMapPca.joint(
              List.of(FeatureMap.square(tokens(cond, a)), FeatureMap.square(tokens(cond, b))));
      PcaMaps diff =
          FeatureMapPca.joint(
              List.of(
                  FeatureMap.square(tokens(cond, a).sub(tokens(uncond, a))),
                  FeatureMap.square(tokens(cond, b).sub(tokens(uncond, b)))));
      cells.add(
          List.of(
              images.get(a),
              images.get(b),
              pair.image(0, CELL, CELL),
              pair.image(1, CELL, CELL),
              diff.image(0, CELL, CELL),
              diff.image(1, CELL, CELL)));
      rowTitles.add("pair " + (k + 1));
      values.add(
          Map.of(
              "pair", k + 1,
              "features_singular_values", pair.singularValues(),
              "difference_singular_values", diff.singularValues()));
    }
    Path png = Path.of("figures", "pca.png");
    Path json = Path.of("figures", "pca.json");
    PngFile.write(
        ImageGrid.render(
            cells,
            rowTitles,
            List.of("image A", "image B", "PCA A", "PCA B", "cond−uncond A", "cond−uncond B"),
            CELL,
            CELL),
        reportDir.resolve(png));
    ResultFile.write(
        reportDir.resolve(json),
        values,
        p.withOption("tap", tap).withOption("timestep", FIGURE_TIMESTEP));
    return new Figure(
        "PCA maps of " + tap,
        "First three principal components as RGB, fitted jointly over each image pair: of the"
            + " question-conditioned features (s=1) and of the conditional − unconditional"
            + " difference, at t="
            + FIGURE_TIMESTEP
            + ".",
        png,
        json);
  }

  /**
   * Words of {@code prompt} with the 77-position indices of their tokens, when tokenizing word by
   * word gives exactly the prompt's tokens (CLIP's BPE never merges across spaces); else one entry
   * per token, labelled by its position.
   */
  private Map<String, int[]> wordPositions(String prompt) {
    long[] all = tokenizer.contentIds(prompt);
    Map<String, int[]> words = new LinkedHashMap<>();
    List<Long> joined = new ArrayList<>();
    int position = 1; // position 0 is the start token
    for (String word : prompt.strip().split("\\s+")) {
      long[] ids = tokenizer.contentIds(word);
      int[] positions = new int[ids.length];
      for (int i = 0; i < ids.length; i++) {
        positions[i] = position++;
        joined.add(ids[i]);
      }
      words.put(word, positions);
    }
    if (Arrays.equals(all, joined.stream().mapToLong(Long::longValue).toArray())) {
      return words;
    }
    Map<String, int[]> tokens = new LinkedHashMap<>();
    for (int i = 0; i < all.length; i++) {
      tokens.put("token " + (i + 1), new int[] {i + 1});
    }
    return tokens;
  }

  private Figure attention(
      String tap,
      DiffusionFeatures features,
      List<RgbImage> images,
      int image,
      String prompt,
      Provenance p) {
    // (heads, pixels, text positions) → mean over heads
    INDArray map = features.get(tap, FIGURE_TIMESTEP).slice(image).castTo(DataType.DOUBLE).mean(0);
    int side = (int) Math.round(Math.sqrt(map.size(0)));
    Map<String, int[]> words = wordPositions(prompt);
    List<RgbImage> row = new ArrayList<>(List.of(images.get(image)));
    Map<String, double[][]> maps = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> w : words.entrySet()) {
      INDArray sum = Nd4j.zeros(DataType.DOUBLE, map.size(0));
      for (int position : w.getValue()) {
        sum.addi(map.getColumn(position));
      }
      double[][] grid = sum.div(w.getValue().length).reshape('c', side, side).toDoubleMatrix();
      maps.put(w.getKey(), grid);
      row.add(AttentionOverlay.render(images.get(image), grid, 0.6));
    }
    boolean perWord = !words.keySet().iterator().next().startsWith("token ");
    List<String> titles = new ArrayList<>(List.of("image"));
    titles.addAll(words.keySet());
    String name = "attention-" + (image / 2 + 1);
    Path png = Path.of("figures", name + ".png");
    Path json = Path.of("figures", name + ".json");
    PngFile.write(
        ImageGrid.render(List.of(row), List.of(), titles, CELL, CELL), reportDir.resolve(png));
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("prompt", prompt);
    values.put("word_positions", words);
    values.put("maps", maps);
    ResultFile.write(
        reportDir.resolve(json),
        values,
        p.withOption("tap", tap)
            .withOption("timestep", FIGURE_TIMESTEP)
            .withOption("image", image));
    return new Figure(
        (perWord ? "Per-word cross-attention maps" : "Cross-attention maps per prompt token")
            + " — \""
            + prompt
            + "\"",
        "Cross-attention probabilities of "
            + tap
            + " (mean over heads"
            + (perWord ? " and over each word's tokens" : "")
            + ", t="
            + FIGURE_TIMESTEP
            + ", s=1) on the "
            + side
            + "×"
            + side
            + " latent grid, min–max scaled per map and overlaid on the image.",
        png,
        json);
  }
}
