package ai.taskaware.clip;

import ai.taskaware.core.graph.Graph;
import ai.taskaware.core.runtime.GraphSessions;
import ai.taskaware.core.runtime.OnnxModelCache;
import ai.taskaware.core.runtime.OnnxSession;
import ai.taskaware.core.runtime.OnnxSessionException;
import ai.taskaware.core.runtime.RuntimeOptions;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Where a CLIP tower's graph runs: the ONNX Runtime options, and optionally a compiled-model cache
 * (needed for towers whose weights exceed 2 GB; without it the model goes to ORT in memory).
 *
 * @param runtime the session options
 * @param cache the compiled-model cache, or empty to hand ORT the model bytes directly
 */
public record ClipRuntime(RuntimeOptions runtime, Optional<OnnxModelCache> cache) {

  /**
   * Validates the arguments.
   *
   * @throws IllegalArgumentException naming the field when it is null
   */
  public ClipRuntime {
    if (runtime == null || cache == null) {
      throw new IllegalArgumentException(
          (runtime == null ? "runtime" : "cache") + " must not be null (use Optional.empty())");
    }
  }

  /** CPU defaults, no cache. */
  public static ClipRuntime cpu() {
    return new ClipRuntime(RuntimeOptions.cpu(), Optional.empty());
  }

  /** These settings with {@code cache} used for compiled models. */
  public ClipRuntime withCache(OnnxModelCache cache) {
    return new ClipRuntime(runtime, Optional.of(cache));
  }

  /** These settings with other session options. */
  public ClipRuntime withRuntime(RuntimeOptions options) {
    return new ClipRuntime(options, cache);
  }

  /**
   * Opens a session on {@code graph}, compiling through the cache when there is one.
   *
   * @param checkpoint the checkpoint the graph's weights come from (its fingerprint keys the cache)
   * @param graphKey everything besides the checkpoint that shapes the graph (outputs, options)
   * @throws ClipException when the compiled model cannot be cached
   * @throws OnnxSessionException when ORT cannot load the model
   */
  public OnnxSession open(Graph graph, ClipCheckpoint checkpoint, String graphKey) {
    try {
      return GraphSessions.open(
          () -> graph, checkpoint.fingerprint(), graphKey, runtime, cache.orElse(null));
    } catch (UncheckedIOException e) {
      throw new ClipException(
          checkpoint.folder().toString(), "cannot cache the compiled graph: " + e.getCause(), e);
    }
  }
}
