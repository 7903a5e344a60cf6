package ai.taskaware.clip.vision;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.clip.ClipRuntime;
import ai.taskaware.clip.TinyClipCheckpoints;
import ai.taskaware.core.runtime.OnnxModelCache;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Image encoding throughput of a CLIP ViT-L/14-336-shaped tower with random weights (24 layers,
 * width 1024, 16 heads, 577 tokens). Opt-in, as it writes 1.2 GB and takes a minute: run with
 * {@code -Dtaskaware.benchmark=true}.
 */
class ClipVisionBenchmarkTest {
  @TempDir Path temp;

  @Test
  void vitL14At336ImagesPerSecond() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("taskaware.benchmark"), "benchmark not requested");
    TinyClipCheckpoints.Vision shape =
        new TinyClipCheckpoints.Vision(1024, 24, 16, 4096, "quick_gelu", 336, 14);
    long t0 = System.nanoTime();
    Path folder = TinyClipCheckpoints.visionModel(temp.resolve("vit-l-14-336"), 1, shape, 768);
    long t1 = System.nanoTime();
    ClipRuntime runtime = ClipRuntime.cpu().withCache(new OnnxModelCache(temp.resolve("cache")));
    try (ClipVisionEncoder encoder =
        ClipVisionEncoder.open(
            folder,
            Set.of(ClipVisionGraph.LLAVA_IMAGE_FEATURES),
            LlavaFeatureSelection.LLAVA_1_5,
            true,
            runtime)) {
      long t2 = System.nanoTime();
      INDArray pixels = Nd4j.randn(7L, new long[] {2, 3, 336, 336}).castTo(DataType.FLOAT);
      encoder.run(pixels); // warm-up
      int runs = 3;
      long start = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        INDArray out = encoder.run(pixels).get(ClipVisionGraph.LLAVA_IMAGE_FEATURES);
        assertThat(out.shape()).containsExactly(2, 576, 1024);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "CLIP ViT-L/14-336 (random weights): weights %.1f s, graph+session %.1f s,"
              + " %.2f img/s (batch 2, %d runs, %d cores)%n",
          (t1 - t0) / 1e9,
          (t2 - t1) / 1e9,
          2 * runs / seconds,
          runs,
          Runtime.getRuntime().availableProcessors());
    }
  }
}
