package ai.taskaware.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Build-once, atomic, concurrent behaviour of the on-disk model cache. */
class OnnxModelCacheTest {

  @TempDir Path root;

  @Test
  void buildsOnceThenHitsAndTheEntryRuns() throws Exception {
    OnnxModelCache cache = new OnnxModelCache(root);
    AtomicInteger builds = new AtomicInteger();
    OnnxModelCache.ModelWriter writer =
        modelFile -> {
          builds.incrementAndGet();
          Files.write(modelFile, OnnxTestModels.add());
          Files.write(modelFile.resolveSibling("model.onnx.data"), new byte[] {7});
        };

    Path first = cache.getOrBuild("sha256:abc", "fp32;opset=17", writer);
    Path second = cache.getOrBuild("sha256:abc", "fp32;opset=17", writer);

    assertThat(builds).hasValue(1);
    assertThat(second).isEqualTo(first);
    assertThat(first.getFileName().toString()).isEqualTo(OnnxModelCache.MODEL_FILE_NAME);
    assertThat(first.getParent().getFileName().toString())
        .isEqualTo(OnnxModelCache.key("sha256:abc", "fp32;opset=17"));
    assertThat(first).isEqualTo(cache.modelFile("sha256:abc", "fp32;opset=17"));

    JsonNode manifest =
        new ObjectMapper()
            .readTree(first.resolveSibling(OnnxModelCache.MANIFEST_FILE_NAME).toFile());
    assertThat(manifest.get("fingerprint").asText()).isEqualTo("sha256:abc");
    assertThat(manifest.get("options").asText()).isEqualTo("fp32;opset=17");
    assertThat(manifest.get("formatVersion").asInt()).isEqualTo(OnnxModelCache.FORMAT_VERSION);
    assertThat(manifest.get("created").asText()).isNotBlank();
    assertThat(manifest.get("files").toString()).isEqualTo("[\"model.onnx\",\"model.onnx.data\"]");
    assertThat(leftovers()).isEmpty();

    try (OnnxSession session = OnnxSession.open(first, RuntimeOptions.cpu())) {
      INDArray one = Nd4j.ones(2, 3);
      assertThat(session.run(Map.of("a", one, "b", one), Set.of("sum")).get("sum"))
          .isEqualTo(Nd4j.ones(2, 3).muli(2));
    }

    // Other options or another fingerprint are other entries.
    cache.getOrBuild("sha256:abc", "fp16;opset=17", writer);
    cache.getOrBuild("sha256:abd", "fp32;opset=17", writer);
    assertThat(builds).hasValue(3);
  }

  @Test
  void keysAreStableAndUnambiguous() {
    String key = OnnxModelCache.key("fp", "opts");
    assertThat(key).matches("[0-9a-f]{64}").isEqualTo(OnnxModelCache.key("fp", "opts"));
    assertThat(OnnxModelCache.key("ab", "c")).isNotEqualTo(OnnxModelCache.key("a", "bc"));
    assertThatThrownBy(() -> OnnxModelCache.key(null, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fingerprint");
  }

  @Test
  void aFailingWriterLeavesNoEntryAndNoTemporaryDirectory() throws Exception {
    OnnxModelCache cache = new OnnxModelCache(root);
    assertThatThrownBy(
            () ->
                cache.getOrBuild(
                    "fp",
                    "o",
                    modelFile -> {
                      Files.write(modelFile, new byte[] {1, 2, 3});
                      throw new IOException("disk full (simulated)");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("simulated");
    assertThat(leftovers()).isEmpty();
    assertThat(Files.exists(cache.modelFile("fp", "o"))).isFalse();

    assertThatThrownBy(() -> cache.getOrBuild("fp", "o", modelFile -> {}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("wrote no model.onnx");
    assertThat(leftovers()).isEmpty();

    // The key is still buildable afterwards.
    Path built = cache.getOrBuild("fp", "o", f -> Files.write(f, OnnxTestModels.add()));
    assertThat(built).exists();
  }

  @Test
  void concurrentRequestsForOneKeyBuildOnceAndSeeTheSameFile() throws Exception {
    OnnxModelCache cache = new OnnxModelCache(root);
    AtomicInteger builds = new AtomicInteger();
    int threads = 4;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return cache.getOrBuild(
                      "fp",
                      "o",
                      modelFile -> {
                        builds.incrementAndGet();
                        sleep(200);
                        Files.write(modelFile, OnnxTestModels.add());
                      });
                }));
      }
      start.countDown();
      Path first = results.get(0).get(10, TimeUnit.SECONDS);
      for (Future<Path> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(first);
      }
      assertThat(builds).hasValue(1);
      assertThat(Files.readAllBytes(first)).isEqualTo(OnnxTestModels.add());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anotherProcessWinningTheRaceIsAccepted() throws Exception {
    // Two caches on one root stand for two processes: no shared lock, only the atomic rename.
    OnnxModelCache mine = new OnnxModelCache(root);
    OnnxModelCache theirs = new OnnxModelCache(root);
    Path[] theirPath = new Path[1];
    Path path =
        mine.getOrBuild(
            "fp",
            "o",
            modelFile -> {
              Files.write(modelFile, new byte[] {1});
              // While we build, the other process finishes first.
              theirPath[0] = theirs.getOrBuild("fp", "o", f -> Files.write(f, new byte[] {2}));
            });
    assertThat(path).isEqualTo(theirPath[0]);
    assertThat(Files.readAllBytes(path)).containsExactly(2);
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void defaultRootIsUnderTheUserCacheOrTaskawareCache() {
    Path defaultRoot = new OnnxModelCache().root();
    String configured = System.getenv("TASKAWARE_CACHE");
    Path expected =
        configured != null && !configured.isBlank()
            ? Path.of(configured, "onnx")
            : Path.of(System.getProperty("user.home"), ".cache", "taskaware", "onnx");
    assertThat(defaultRoot).isEqualTo(expected.toAbsolutePath());
  }

  private List<String> leftovers() throws IOException {
    try (Stream<Path> listing = Files.list(root)) {
      return listing.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
    }
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
