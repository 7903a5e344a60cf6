package ai.taskaware.core.runtime;

import ai.taskaware.core.graph.Graph;
import ai.taskaware.core.graph.OnnxEmitter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Sessions for graphs that are functions of a checkpoint and build options. With a cache the graph
 * is built and written only when the cache has no entry for (fingerprint, options), and the session
 * loads the cached file; without one the graph is built and loaded from memory.
 */
public final class GraphSessions {
  private GraphSessions() {}

  /**
   * A session for the graph {@code build} makes.
   *
   * @param build builds the graph; called at most once, and not at all on a cache hit
   * @param fingerprint the checkpoint fingerprint ({@link
   *     ai.taskaware.core.checkpoint.CheckpointFingerprint})
   * @param options every build option that changes the graph, in one canonical spelling
   * @param runtime session options
   * @param cache the on-disk cache, or null to build in memory
   * @throws UncheckedIOException when the cache cannot be written
   */
  public static OnnxSession open(
      Supplier<Graph> build,
      String fingerprint,
      String options,
      RuntimeOptions runtime,
      OnnxModelCache cache) {
    if (cache == null) {
      return OnnxSession.open(OnnxEmitter.toBytes(build.get()), runtime);
    }
    try {
      Path file =
          cache.getOrBuild(
              fingerprint, options, modelFile -> OnnxEmitter.writeTo(build.get(), modelFile));
      return OnnxSession.open(file, runtime);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the ONNX cache under " + cache.root(), e);
    }
  }
}
