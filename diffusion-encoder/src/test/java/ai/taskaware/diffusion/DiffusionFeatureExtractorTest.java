package ai.taskaware.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.core.graph.OnnxEmitter;
import ai.taskaware.core.image.ImageDecodingException;
import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.model.ProgressListener;
import ai.taskaware.core.runtime.OnnxModelCache;
import ai.taskaware.core.runtime.OnnxSession;
import ai.taskaware.core.runtime.RuntimeOptions;
import ai.taskaware.diffusion.generate.StableDiffusionShapes;
import ai.taskaware.diffusion.generate.SyntheticStableDiffusion;
import ai.taskaware.diffusion.schedule.GaussianNoise;
import ai.taskaware.diffusion.schedule.NoiseSchedule;
import ai.taskaware.diffusion.schedule.TimestepOutOfRangeException;
import ai.taskaware.diffusion.tap.TapName;
import ai.taskaware.diffusion.tap.UnknownTapException;
import ai.taskaware.diffusion.unet.UNetCheckpoint;
import ai.taskaware.diffusion.unet.UNetGraph;
import ai.taskaware.diffusion.unet.UNetSlice;
import ai.taskaware.diffusion.vae.StableDiffusionPixels;
import ai.taskaware.diffusion.vae.VaeEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The extraction API on a generated tiny SD2.1-shaped checkpoint with a deterministic stand-in text
 * encoder: guidance algebra, agreement with a hand-assembled pipeline (VAE → q_sample → U-Net
 * slice), batch-size invariance, seeds, token grid, timestep ensembles and typed errors. One
 * extractor is shared by all tests, so each tap set's session is built once.
 */
class DiffusionFeatureExtractorTest {
  static final String CROSS_Q = "U-L1-R1-B0-Cross-Q";
  static final String VIT_OUT = "up-level1-repeat1-vit-out";
  static final String CROSS_K = "down_blocks.1.attentions.0.transformer_blocks.0.attn2.to_k";
  static final String CROSS_MAP = "U-L1-R1-B0-Cross-Map";
  static final double SAME = 1e-5;

  @TempDir static Path dir;

  static {
  }

  static Path sd;
  static CharacterTextEncoder text;
  static DiffusionFeatureExtractor extractor;
  static List<RgbImage> images;

  @BeforeAll
  static void setUp() {
    sd =
        SyntheticStableDiffusion.write(
            dir.resolve("sd"), StableDiffusionShapes.tiny(), 7, ProgressListener.NONE);
    text = new CharacterTextEncoder(32);
    extractor = DiffusionFeatureExtractor.open(sd, text, ExtractorOptions.defaults());
    images = List.of(image(1, 128, 128), image(2, 100, 80), image(3, 128, 128));
  }

  @AfterAll
  static void tearDown() {
    extractor.close();
  }

  static RgbImage image(long seed, int w, int h) {
    byte[] hwc = new byte[w * h * 3];
    new Random(seed).nextBytes(hwc);
    return new RgbImage(w, h, hwc);
  }

  static FeatureRequest raw() {
    return FeatureRequest.of(CROSS_Q, VIT_OUT, CROSS_K).withTokenGrid(0).withNoiseSeed(9);
  }

  @Test
  void guidanceScalesZeroOneAndFourFollowTheFormula() {
    List<RgbImage> two = images.subList(0, 2);
    List<String> prompts = List.of("a cat on a sofa");
    DiffusionFeatures s0 = extractor.extract(two, prompts, raw().withGuidanceScale(0));
    DiffusionFeatures uncond = extractor.extract(two, List.of(), raw());
    DiffusionFeatures s1 = extractor.extract(two, prompts, raw().withGuidanceScale(1));
    DiffusionFeatures s4 = extractor.extract(two, prompts, raw().withGuidanceScale(4));
    for (String tap : List.of(CROSS_Q, VIT_OUT, CROSS_K)) {
      assertThat(s0.get(tap)).as("s=0 is the unconditional run").isEqualTo(uncond.get(tap));
      assertThat(diff(s1.get(tap), s0.get(tap))).as("prompt changes " + tap).isGreaterThan(1e-3);
      INDArray expected = s0.get(tap).add(s1.get(tap).sub(s0.get(tap)).mul(4));
      double d = diff(s4.get(tap), expected);
      System.out.printf("s=4 vs X_u + 4(X_c - X_u), %s: %.2e%n", tap, d);
      assertThat(d).isLessThanOrEqualTo(SAME);
    }
    double spread = s1.get(VIT_OUT).stdNumber().doubleValue();
    System.out.printf("U-L1-R1 Vit-Out std %.3f%n", spread);
    assertThat(spread).as("generated weights keep activations in range").isBetween(0.05, 50.0);
    assertThat(s1.get(CROSS_Q).shape()).containsExactly(2, 16, 32);
    assertThat(s1.get(VIT_OUT).shape()).containsExactly(2, 32, 4, 4);
    assertThat(s1.get(CROSS_K).shape()).containsExactly(2, 77, 32);
    assertThat(s1.rows())
        .containsExactly(
            new DiffusionFeatures.Row(0, "a cat on a sofa"),
            new DiffusionFeatures.Row(1, "a cat on a sofa"));
  }

  @Test
  void conditionalRunEqualsAHandAssembledPipeline() {
    String prompt = "what color is the car?";
    int t = 281;
    DiffusionFeatures s1 =
        extractor.extract(images.subList(1, 2), List.of(prompt), raw().withTimesteps(t));
    INDArray expected;
    try (VaeEncoder vae = VaeEncoder.open(sd.resolve("vae"), RuntimeOptions.cpu(), null);
        UNetCheckpoint unet = UNetCheckpoint.open(sd.resolve("unet"))) {
      INDArray x0 = vae.latents(StableDiffusionPixels.of(images.subList(1, 2), 128), null);
      INDArray noisy =
          NoiseSchedule.read(sd.resolve("scheduler"))
              .addNoise(x0, GaussianNoise.sample(9, 1, 4, 16, 16), (long) t);
      UNetSlice slice = UNetGraph.slice(unet, List.of(TapName.parse(CROSS_Q)));
      try (OnnxSession session =
          OnnxSession.open(OnnxEmitter.toBytes(slice.graph()), RuntimeOptions.cpu())) {
        Map<String, INDArray> out =
            session.run(
                Map.of(
                    UNetGraph.SAMPLE, noisy,
                    UNetGraph.TIMESTEP,
                        org.nd4j.linalg.factory.Nd4j.createFromArray(new long[] {t}),
                    UNetGraph.ENCODER_HIDDEN_STATES, text.encode(List.of(prompt))),
                new HashSet<>(slice.outputs().values()));
        expected = out.get(slice.outputName(TapName.parse(CROSS_Q)));
      }
    }
    double d = diff(s1.get(CROSS_Q), expected);
    System.out.printf("s=1 vs hand-assembled conditional run: %.2e%n", d);
    assertThat(d).isLessThanOrEqualTo(SAME);
  }

  @Test
  void batchCompositionDoesNotChangeResults() {
    List<String> prompts = List.of("a dog", "how many cats are there?");
    FeatureRequest request = raw().withGuidanceScale(2.5);
    DiffusionFeatures one = extractor.extract(images, prompts, request.withBatchSize(1));
    DiffusionFeatures four = extractor.extract(images, prompts, request.withBatchSize(4));
    DiffusionFeatures all = extractor.extract(images, prompts, request.withBatchSize(64));
    DiffusionFeatures alone = extractor.extract(images.subList(2, 3), prompts, request);
    double worst = 0;
    for (String tap : List.of(CROSS_Q, VIT_OUT, CROSS_K)) {
      assertThat(all.get(tap).size(0)).isEqualTo(6);
      worst = Math.max(worst, diff(one.get(tap), all.get(tap)));
      worst = Math.max(worst, diff(four.get(tap), all.get(tap)));
      worst = Math.max(worst, diff(alone.get(tap), all.get(tap).get(NDArrayIndex.interval(4, 6))));
    }
    System.out.printf("batch composition max|diff| %.2e%n", worst);
    assertThat(worst).isLessThanOrEqualTo(SAME);
  }

  @Test
  void concurrentCallsGiveTheSequentialResults() throws Exception {
    FeatureRequest request = raw().withGuidanceScale(3);
    List<String> prompts = List.of("a red car");
    INDArray expected = extractor.extract(images, prompts, request).get(CROSS_Q);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<INDArray>> futures = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        futures.add(pool.submit(() -> extractor.extract(images, prompts, request).get(CROSS_Q)));
      }
      for (java.util.concurrent.Future<INDArray> f : futures) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void seedsReproduce() {
    List<RgbImage> one = images.subList(0, 1);
    FeatureRequest r = raw().withGuidanceScale(0);
    INDArray a = extractor.extract(one, List.of(), r).get(VIT_OUT);
    assertThat(extractor.extract(one, List.of(), r).get(VIT_OUT)).isEqualTo(a);
    assertThat(diff(extractor.extract(one, List.of(), r.withNoiseSeed(10)).get(VIT_OUT), a))
        .isGreaterThan(1e-3);
    INDArray sampled = extractor.extract(one, List.of(), r.withLatentSampleSeed(5L)).get(VIT_OUT);
    assertThat(extractor.extract(one, List.of(), r.withLatentSampleSeed(5L)).get(VIT_OUT))
        .isEqualTo(sampled);
    assertThat(diff(sampled, a)).isGreaterThan(0);
  }

  @Test
  void tokenGridResizesSpatialTapsAndEnsemblesAverageTimesteps() {
    List<RgbImage> one = images.subList(0, 1);
    List<String> prompt = List.of("a photo");
    AtomicLong runs = new AtomicLong();
    FeatureRequest request =
        raw()
            .withTimesteps(10, 100)
            .withEnsembleTimesteps(false)
            .withProgress(
                (stage, done, total) -> {
                  if (stage.equals("extract features")) {
                    runs.set(done * 100 + total);
                  }
                });
    DiffusionFeatures separate = extractor.extract(one, prompt, request);
    assertThat(runs.get()).as("2 of 2 runs reported").isEqualTo(202);
    FeatureRequest withMaps =
        new FeatureRequest(
            List.of(CROSS_Q, VIT_OUT, CROSS_K, CROSS_MAP),
            request.timesteps(),
            request.guidanceScale(),
            request.noiseSeed(),
            null,
            16,
            true,
            8,
            ProgressListener.NONE);
    DiffusionFeatures grid = extractor.extract(one, prompt, withMaps);
    INDArray q10 = separate.get(CROSS_Q, 10);
    INDArray q100 = separate.get(CROSS_Q, 100);
    INDArray q = grid.get(CROSS_Q);
    assertThat(q.shape()).containsExactly(1, 256, 32);
    assertThat(grid.get(VIT_OUT).shape()).containsExactly(1, 32, 16, 16);
    assertThat(grid.get(CROSS_K).shape())
        .as("text-side taps are not resized")
        .containsExactly(1, 77, 32);
    // U-L1 is 4×4 here: growing to 16×16 repeats each token over a 4×4 block; then the mean of
    // t=10, 100
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        for (int c = 0; c < 32; c += 7) {
          int source = (y / 4) * 4 + x / 4;
          double expected = (q10.getDouble(0, source, c) + q100.getDouble(0, source, c)) / 2;
          assertThat(q.getDouble(0, y * 16 + x, c))
              .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
        }
      }
    }
    assertThatThrownBy(() -> grid.get(CROSS_Q, 10)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void badInputsAreTypedErrors() throws IOException {
    List<RgbImage> one = images.subList(0, 1);
    assertThatThrownBy(
            () -> extractor.extract(one, List.of(), FeatureRequest.of("U-L7-R0-Res-Out")))
        .isInstanceOf(UnknownTapException.class)
        .hasMessageContaining("U-L7-R0-Res-Out")
        .hasMessageContaining("U-L1-R1-B0-Cross-Q");
    assertThatThrownBy(() -> extractor.extract(one, List.of(), raw().withTimesteps(1000)))
        .isInstanceOf(TimestepOutOfRangeException.class)
        .hasMessageContaining("1000");
    Path broken = dir.resolve("broken.png");
    Files.write(broken, new byte[] {1, 2, 3, 4});
    assertThatThrownBy(() -> extractor.extractFiles(List.of(broken), List.of(), raw()))
        .isInstanceOf(ImageDecodingException.class)
        .hasMessageContaining("broken.png");

    OnnxModelCache cache = new OnnxModelCache(dir.resolve("cache"));
    try (DiffusionFeatureExtractor unconditional =
        DiffusionFeatureExtractor.open(sd, null, ExtractorOptions.defaults().withCache(cache))) {
      assertThatThrownBy(() -> unconditional.extract(one, List.of("a cat"), raw()))
          .isInstanceOf(MissingTextEncoderException.class)
          .hasMessageContaining("a cat");
      INDArray zeros = unconditional.extract(one, List.of(""), raw()).get(VIT_OUT);
      assertThat(zeros.shape()).containsExactly(1, 32, 4, 4);
    }
    List<Path> entries = new ArrayList<>();
    try (var s = Files.list(cache.root())) {
      s.forEach(entries::add);
    }
    assertThat(entries).as("VAE and one U-Net slice cached").hasSize(2);
  }

  static double diff(INDArray a, INDArray b) {
    assertThat(a.shape()).containsExactly(b.shape());
    return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
  }
}
