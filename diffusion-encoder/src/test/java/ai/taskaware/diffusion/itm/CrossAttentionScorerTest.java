package ai.taskaware.diffusion.itm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.model.ProgressListener;
import ai.taskaware.core.runtime.RuntimeOptions;
import ai.taskaware.diffusion.DiffusionFeatures;
import ai.taskaware.diffusion.ExtractorOptions;
import ai.taskaware.diffusion.FeatureRequest;
import ai.taskaware.diffusion.StableDiffusionPipeline;
import ai.taskaware.diffusion.generate.StableDiffusionShapes;
import ai.taskaware.diffusion.generate.SyntheticStableDiffusion;
import ai.taskaware.diffusion.schedule.GaussianNoise;
import ai.taskaware.diffusion.schedule.TimestepOutOfRangeException;
import ai.taskaware.diffusion.tap.TapName;
import ai.taskaware.diffusion.tap.TapType;
import ai.taskaware.diffusion.tap.UnknownTapException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The cross-attention scorer on a generated tiny SD2.1-shaped checkpoint whose tokenizer is a tiny
 * CLIP BPE: both poolings recomputed in plain Java from maps and logits captured separately through
 * the extractor, independence from batch composition and thread count, seeds, trial statistics,
 * word maps and typed errors. One pipeline is shared by the tests.
 */
class CrossAttentionScorerTest {
  static final double SAME = 1e-5;
  static final List<Integer> TIMESTEPS = List.of(189, 989);
  static final List<String> TEXTS =
      List.of("a photo of the cat", "a zebra on the beach", "two dogs", "the red sofa");

  @TempDir static Path dir;
  static Path sd;
  static StableDiffusionPipeline pipeline;
  static List<RgbImage> images;

  @BeforeAll
  static void setUp() {
    sd =
        SyntheticStableDiffusion.write(
            dir.resolve("sd"), StableDiffusionShapes.tiny(), 11, ProgressListener.NONE);
    pipeline = StableDiffusionPipeline.open(sd, ExtractorOptions.defaults());
    images = List.of(image(1), image(2));
  }

  @AfterAll
  static void tearDown() {
    pipeline.close();
  }

  static RgbImage image(long seed) {
    byte[] hwc = new byte[128 * 128 * 3];
    new Random(seed).nextBytes(hwc);
    return new RgbImage(128, 128, hwc);
  }

  static CrossAttentionScoring paper() {
    return CrossAttentionScoring.paper()
        .withTimesteps(TIMESTEPS.toArray(Integer[]::new))
        .withSeeds(0L, 1L);
  }

  static List<TapName> crossLayers() {
    List<TapName> all = new ArrayList<>();
    for (TapName t : pipeline.extractor().layout().taps()) {
      if (t.type() == TapType.CROSS_MAP) {
        all.add(t);
      }
    }
    return all;
  }

  static String tap(TapName layer, TapType type) {
    return TapName.transformer(layer.stage(), layer.level(), layer.repeat(), layer.block(), type)
        .toString();
  }

  /** The taps of every cross-attention layer, captured through the plain extraction API. */
  static DiffusionFeatures capture(RgbImage image, String text, TapType type, long seed) {
    List<String> taps = new ArrayList<>();
    for (TapName layer : crossLayers()) {
      taps.add(tap(layer, type));
    }
    if (type == TapType.CROSS_LOGITS) {
      taps.add(TapName.model(TapType.NOISE_PRED).toString());
    }
    return pipeline
        .extractor()
        .extract(
            List.of(image),
            List.of(text),
            new FeatureRequest(taps, TIMESTEPS, 1.0, seed, null, 0, false, 4, null));
  }

  static double logSumExp(List<Double> x) {
    double max = x.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    double sum = 0;
    for (double v : x) {
      sum += Math.exp(v - max);
    }
    return max + Math.log(sum);
  }

  /** The paper's pooling written out from the captured maps (B=1, heads, HW, 77). */
  static double paperByHand(DiffusionFeatures maps, int tokens) {
    int finest = 0;
    for (TapName layer : crossLayers()) {
      finest = Math.max(finest, (int) maps.get(tap(layer, TapType.CROSS_MAP), 189).size(2));
    }
    int side = (int) Math.round(Math.sqrt(finest));
    double[][] m = new double[side * side][tokens];
    for (int t : TIMESTEPS) {
      for (TapName layer : crossLayers()) {
        INDArray a = maps.get(tap(layer, TapType.CROSS_MAP), t);
        int heads = (int) a.size(1);
        int layerSide = (int) Math.round(Math.sqrt(a.size(2)));
        for (int y = 0; y < side; y++) {
          for (int x = 0; x < side; x++) {
            int src = (y * layerSide / side) * layerSide + x * layerSide / side;
            for (int j = 0; j < tokens; j++) {
              double mean = 0;
              for (int h = 0; h < heads; h++) {
                mean += a.getDouble(0, h, src, j + 1) / heads;
              }
              m[y * side + x][j] += mean;
            }
          }
        }
      }
    }
    double total = 0;
    for (int j = 0; j < tokens; j++) {
      List<Double> column = new ArrayList<>();
      for (double[] pixel : m) {
        column.add(pixel[j]);
      }
      total += logSumExp(column);
    }
    return total / tokens;
  }

  static double maxDiff(INDArray a, INDArray b) {
    return Transforms.abs(a.castTo(b.dataType()).sub(b)).maxNumber().doubleValue();
  }

  @Test
  void theCheckpointsTinyBpeTokenizerLoadsAsTheClipTextEncoder() {
    assertThat(pipeline.textEncoder().hiddenSize()).isEqualTo(32);
    assertThat(pipeline.tokenizer().contentIds("a photo of the cat")).isNotEmpty();
    assertThat(pipeline.tokenizer().contentIds("zebra").length)
        .as("a word outside the merges splits into several BPE tokens")
        .isGreaterThan(1);
    INDArray encoded = pipeline.textEncoder().encode(List.of("", "a cat"));
    assertThat(encoded.shape()).containsExactly(2, 77, 32);
    FeatureRequest q = FeatureRequest.of("U-L1-R1-B0-Cross-Q").withTokenGrid(0);
    INDArray cat =
        pipeline.extractor().extract(images, List.of("a cat"), q).get("U-L1-R1-B0-Cross-Q");
    INDArray none = pipeline.extractor().extract(images, List.of(), q).get("U-L1-R1-B0-Cross-Q");
    assertThat(maxDiff(cat, none)).as("prompts reach the U-Net").isGreaterThan(1e-4);
  }

  @Test
  void paperPoolingEqualsPlainJavaOverCapturedMaps() {
    assertThat(crossLayers())
        .as("tiny U-Net has layers at several resolutions")
        .hasSizeGreaterThan(3);
    try (CrossAttentionScorer scorer = CrossAttentionScorer.over(pipeline, paper())) {
      assertThat(scorer.name()).isEqualTo("sd-xattn-lse");
      assertThat(scorer.layers()).isEqualTo(crossLayers());
      TrialScores scores = scorer.scoreTrials(images, TEXTS);
      double worst = 0;
      for (int k = 0; k < 2; k++) {
        for (int i = 0; i < images.size(); i++) {
          for (int j = 0; j < TEXTS.size(); j++) {
            DiffusionFeatures maps = capture(images.get(i), TEXTS.get(j), TapType.CROSS_MAP, k);
            int tokens = pipeline.tokenizer().contentIds(TEXTS.get(j)).length;
            double expected = paperByHand(maps, tokens);
            double got = scores.perTrial().getDouble(k, i, j);
            worst = Math.max(worst, Math.abs(expected - got));
          }
        }
      }
      System.out.printf("paper pooling vs plain Java: max|diff| %.2e%n", worst);
      assertThat(worst).isLessThanOrEqualTo(SAME);
    }
  }

  @Test
  void discFFusionPoolingAndDenoisingTermEqualPlainJavaOverCapturedLogits() {
    double weight = 0.5;
    CrossAttentionScoring scoring =
        paper()
            .withPooling(CrossAttentionPooling.DISCFFUSION)
            .withSeeds(3L)
            .withDenoisingWeight(weight);
    try (CrossAttentionScorer scorer = CrossAttentionScorer.over(pipeline, scoring)) {
      assertThat(scorer.name()).isEqualTo("sd-xattn-discffusion");
      TrialScores scores = scorer.scoreTrials(images.subList(0, 1), TEXTS.subList(0, 2));
      double worst = 0;
      double worstSoftmax = 0;
      for (int j = 0; j < 2; j++) {
        DiffusionFeatures logits = capture(images.get(0), TEXTS.get(j), TapType.CROSS_LOGITS, 3);
        DiffusionFeatures maps = capture(images.get(0), TEXTS.get(j), TapType.CROSS_MAP, 3);
        double pooled = 0;
        double error = 0;
        INDArray eps = GaussianNoise.sample(3, 1, 4, 16, 16);
        for (int t : TIMESTEPS) {
          for (TapName layer : crossLayers()) {
            INDArray z = logits.get(tap(layer, TapType.CROSS_LOGITS), t);
            INDArray softmax = Transforms.softmax(z.reshape(-1, z.size(3)), true);
            worstSoftmax =
                Math.max(
                    worstSoftmax,
                    maxDiff(softmax, maps.get(tap(layer, TapType.CROSS_MAP), t).reshape(-1, 77)));
            double sum = 0;
            for (int h = 0; h < z.size(1); h++) {
              for (int p = 0; p < z.size(2); p++) {
                List<Double> row = new ArrayList<>();
                for (int s = 0; s < 77; s++) {
                  row.add(z.getDouble(0, h, p, s));
                }
                sum += logSumExp(row);
              }
            }
            pooled += sum / (z.size(1) * z.size(2));
          }
          INDArray predicted = logits.get(TapName.model(TapType.NOISE_PRED).toString(), t);
          double ss = 0;
          for (int e = 0; e < 4 * 16 * 16; e++) {
            double d = predicted.getDouble(e) - eps.getDouble(e);
            ss += d * d;
          }
          error += ss / (4 * 16 * 16);
        }
        pooled /= TIMESTEPS.size() * crossLayers().size();
        error /= TIMESTEPS.size();
        assertThat(error).as("denoising error is measured").isGreaterThan(0.01);
        double expected = pooled - weight * error;
        worst = Math.max(worst, Math.abs(expected - scores.perTrial().getDouble(0, 0, j)));
      }
      System.out.printf(
          "DiscFFusion + denoising vs plain Java: max|diff| %.2e; softmax(Cross-Logits) vs"
              + " Cross-Map %.2e%n",
          worst, worstSoftmax);
      assertThat(worstSoftmax).isLessThanOrEqualTo(1e-6);
      assertThat(worst).isLessThanOrEqualTo(SAME);
    }
  }

  @Test
  void scoresDoNotDependOnBatchCompositionOrderOrThreads() throws Exception {
    CrossAttentionScoring scoring = paper().withSeeds(4L).withTimesteps(389);
    INDArray oneByOne;
    INDArray threeAtATime;
    INDArray reversed;
    List<String> reversedTexts = new ArrayList<>(TEXTS);
    java.util.Collections.reverse(reversedTexts);
    try (CrossAttentionScorer single =
            CrossAttentionScorer.over(pipeline, scoring.withTextBatch(1));
        CrossAttentionScorer three =
            CrossAttentionScorer.over(pipeline, scoring.withTextBatch(3))) {
      oneByOne = single.score(images, TEXTS);
      threeAtATime = three.score(images, TEXTS);
      reversed = three.score(images.subList(1, 2), reversedTexts);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<INDArray> a = pool.submit(() -> three.score(images, TEXTS));
        Future<INDArray> b = pool.submit(() -> single.score(images, TEXTS));
        assertThat(maxDiff(a.get(), oneByOne)).as("concurrent calls").isLessThanOrEqualTo(SAME);
        assertThat(maxDiff(b.get(), oneByOne)).as("concurrent calls").isLessThanOrEqualTo(SAME);
      } finally {
        pool.shutdown();
      }
    }
    double worstOrder = 0;
    for (int j = 0; j < TEXTS.size(); j++) {
      worstOrder =
          Math.max(
              worstOrder,
              Math.abs(reversed.getDouble(0, TEXTS.size() - 1 - j) - oneByOne.getDouble(1, j)));
    }
    INDArray oneThread;
    try (StableDiffusionPipeline serial =
            StableDiffusionPipeline.open(
                sd,
                new ExtractorOptions(RuntimeOptions.cpu().withIntraOpThreads(1), null, 0, null));
        CrossAttentionScorer scorer = CrossAttentionScorer.over(serial, scoring)) {
      oneThread = scorer.score(images, TEXTS);
    }
    System.out.printf(
        "batch 1 vs 3 max|diff| %.2e, reversed texts/other image alone %.2e, 1 thread %.2e;"
            + " scores %s%n",
        maxDiff(oneByOne, threeAtATime), worstOrder, maxDiff(oneByOne, oneThread), oneByOne);
    assertThat(maxDiff(oneByOne, threeAtATime)).isLessThanOrEqualTo(SAME);
    assertThat(worstOrder).isLessThanOrEqualTo(SAME);
    assertThat(maxDiff(oneByOne, oneThread)).isLessThanOrEqualTo(SAME);
    double spread = oneByOne.maxNumber().doubleValue() - oneByOne.minNumber().doubleValue();
    assertThat(spread).as("texts get different scores").isGreaterThan(1e-4);
  }

  @Test
  void seedsReproduceDifferentSeedsDifferAndTrialStatisticsAreRight() {
    CrossAttentionScoring scoring = paper().withTimesteps(789).withSeeds(5L, 6L, 7L);
    List<String> texts = TEXTS.subList(0, 2);
    try (CrossAttentionScorer scorer = CrossAttentionScorer.over(pipeline, scoring)) {
      TrialScores trials = scorer.scoreTrials(images, texts);
      TrialScores again = scorer.scoreTrials(images, texts);
      assertThat(again.perTrial()).as("same seeds, same scores").isEqualTo(trials.perTrial());
      INDArray mean = scorer.score(images, texts);
      assertThat(maxDiff(mean, trials.mean())).isEqualTo(0.0);
      double smallestSeedEffect = Double.MAX_VALUE;
      for (int k = 0; k < 3; k++) {
        try (CrossAttentionScorer alone =
            CrossAttentionScorer.over(pipeline, scoring.withSeeds(5L + k))) {
          INDArray single = alone.score(images, texts);
          for (int i = 0; i < images.size(); i++) {
            for (int j = 0; j < texts.size(); j++) {
              assertThat(trials.perTrial().getDouble(k, i, j))
                  .as("trial %d is the single-seed run", k)
                  .isCloseTo(single.getDouble(i, j), org.assertj.core.data.Offset.offset(SAME));
            }
          }
        }
      }
      for (int i = 0; i < images.size(); i++) {
        for (int j = 0; j < texts.size(); j++) {
          double a = trials.perTrial().getDouble(0, i, j);
          double b = trials.perTrial().getDouble(1, i, j);
          double c = trials.perTrial().getDouble(2, i, j);
          smallestSeedEffect = Math.min(smallestSeedEffect, Math.abs(a - b));
          double m = (a + b + c) / 3;
          double sd = Math.sqrt(((a - m) * (a - m) + (b - m) * (b - m) + (c - m) * (c - m)) / 2);
          assertThat(trials.mean(i, j)).isCloseTo(m, org.assertj.core.data.Offset.offset(1e-12));
          assertThat(trials.std().getDouble(i, j))
              .isCloseTo(sd, org.assertj.core.data.Offset.offset(1e-12));
          assertThat(sd).isGreaterThan(0);
        }
      }
      System.out.printf(
          "seed 5 vs 6 smallest |diff| %.2e; mean %s ± std %s%n",
          smallestSeedEffect, trials.mean(), trials.std());
      assertThat(smallestSeedEffect).as("different seeds differ").isGreaterThan(1e-6);
    }
  }

  @Test
  void wordMapsAreTheMeanOfTheirTokensCapturedMaps() {
    String text = "a zebra on the beach";
    List<TapName> layers = crossLayers();
    // the layers of the finest resolution, so native maps need no resizing
    List<String> names = new ArrayList<>();
    layers.forEach(l -> names.add(l.toString()));
    DiffusionFeatures captures =
        pipeline
            .extractor()
            .extract(
                images.subList(0, 1),
                List.of(text),
                new FeatureRequest(
                    names,
                    List.of(FeatureRequest.DEFAULT_TIMESTEP),
                    1.0,
                    8,
                    null,
                    0,
                    false,
                    1,
                    null));
    long finest = 0;
    for (String name : names) {
      finest = Math.max(finest, captures.get(name).size(2));
    }
    List<String> chosen = new ArrayList<>();
    List<INDArray> captured = new ArrayList<>();
    for (String name : names) {
      if (captures.get(name).size(2) == finest) {
        chosen.add(name);
        captured.add(captures.get(name));
      }
    }
    assertThat(chosen).hasSizeGreaterThan(1);
    int side = (int) Math.round(Math.sqrt(finest));
    WordAttentionMaps maps =
        WordAttentionMaps.of(
            pipeline, images.get(0), text, chosen, FeatureRequest.DEFAULT_TIMESTEP, side, 8);
    assertThat(maps.words())
        .extracting(WordTokens::word)
        .containsExactly("a", "zebra", "on", "the", "beach");
    List<Integer> all = new ArrayList<>();
    maps.words().forEach(w -> all.addAll(w.positions()));
    int tokens = pipeline.tokenizer().contentIds(text).length;
    assertThat(all).hasSize(tokens).startsWith(1).endsWith(tokens);
    assertThat(maps.words().get(1).positions())
        .as("zebra is several BPE tokens")
        .hasSizeGreaterThan(1);
    double worst = 0;
    for (int w = 0; w < maps.words().size(); w++) {
      List<Integer> positions = maps.words().get(w).positions();
      for (int p = 0; p < finest; p++) {
        double expected = 0;
        for (INDArray a : captured) {
          for (int h = 0; h < a.size(1); h++) {
            for (int position : positions) {
              expected += a.getDouble(0, h, p, position) / (a.size(1) * positions.size());
            }
          }
        }
        expected /= captured.size();
        worst = Math.max(worst, Math.abs(expected - maps.maps().getDouble(w, p / side, p % side)));
      }
    }
    WordAttentionMaps doubled =
        WordAttentionMaps.of(
            pipeline, images.get(0), text, chosen, FeatureRequest.DEFAULT_TIMESTEP, 2 * side, 8);
    double worstNearest = 0;
    for (int y = 0; y < 2 * side; y++) {
      for (int x = 0; x < 2 * side; x++) {
        worstNearest =
            Math.max(
                worstNearest,
                Math.abs(
                    doubled.maps().getDouble(1, y, x) - maps.maps().getDouble(1, y / 2, x / 2)));
      }
    }
    System.out.printf(
        "word maps vs mean of captured token maps max|diff| %.2e; 2× resize vs nearest %.2e%n",
        worst, worstNearest);
    assertThat(worst).isLessThanOrEqualTo(1e-6);
    assertThat(worstNearest).isLessThanOrEqualTo(1e-7);
  }

  @Test
  void badInputGetsTypedErrors() {
    try (CrossAttentionScorer scorer = CrossAttentionScorer.over(pipeline, paper())) {
      assertThatThrownBy(() -> scorer.score(images, List.of()))
          .isInstanceOf(ScoringInputException.class)
          .hasMessageContaining("texts");
      assertThatThrownBy(() -> scorer.score(images, List.of("a cat", "  ")))
          .isInstanceOf(ScoringInputException.class)
          .hasMessageContaining("texts[1]");
      assertThatThrownBy(() -> scorer.score(List.of(), List.of("a cat")))
          .isInstanceOf(ScoringInputException.class)
          .hasMessageContaining("images");
      assertThatThrownBy(() -> scorer.score(images, null))
          .isInstanceOf(ScoringInputException.class);
    }
    assertThatThrownBy(() -> CrossAttentionScorer.over(pipeline, paper().withLayers("U-L7-R0-B0")))
        .isInstanceOf(UnknownTapException.class)
        .hasMessageContaining("U-L7-R0-B0")
        .hasMessageContaining("U-L1-R0-B0-Cross-Map");
    assertThatThrownBy(
            () -> CrossAttentionScorer.over(pipeline, paper().withLayers("U-L1-R0-Res-Out")))
        .isInstanceOf(ScoringInputException.class)
        .hasMessageContaining("layers[0]");
    assertThatThrownBy(() -> CrossAttentionScorer.over(pipeline, paper().withTimesteps(1000)))
        .isInstanceOf(TimestepOutOfRangeException.class);
    assertThatThrownBy(() -> paper().withSeeds())
        .isInstanceOf(ScoringInputException.class)
        .hasMessageContaining("seeds");
    assertThatThrownBy(() -> WordAttentionMaps.of(pipeline, images.get(0), "", List.of(), 50, 8, 0))
        .isInstanceOf(ScoringInputException.class)
        .hasMessageContaining("text");
    assertThatThrownBy(
            () -> WordAttentionMaps.of(pipeline, images.get(0), "a cat", List.of(), 50, 0, 0))
        .isInstanceOf(ScoringInputException.class)
        .hasMessageContaining("resolution");
    // layer names in other spellings resolve to the same layer
    try (CrossAttentionScorer a =
            CrossAttentionScorer.over(pipeline, paper().withLayers("U-L1-R0-B0"));
        CrossAttentionScorer b =
            CrossAttentionScorer.over(
                pipeline,
                paper().withLayers("up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_q"))) {
      assertThat(a.layers()).isEqualTo(b.layers()).hasSize(1);
    }
  }
}
