package ai.taskaware.core.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * An on-disk cache of built {@code .onnx} models, keyed by the checkpoint fingerprint and the
 * builder options that produced them.
 *
 * <p>Each entry is a directory {@code <root>/<key>/} holding {@value #MODEL_FILE_NAME}, any
 * external-data files written next to it, and {@value #MANIFEST_FILE_NAME} (format version,
 * fingerprint, options, creation time, file names). The key is the SHA-256 of the format version,
 * the fingerprint and the options string, so callers must pass options in one canonical spelling.
 *
 * <p>An entry is built in a private temporary directory under the root and then renamed into place
 * with one atomic move, so a build that fails or is killed never leaves a partial entry (a killed
 * build can leave a {@code .tmp-*} directory, which is never read as an entry). Within one JVM a
 * per-key lock makes concurrent requests for the same key build once; across processes the atomic
 * move decides: the first finished build wins and later ones discard their copy.
 */
public final class OnnxModelCache {

  /** The model file's name inside every entry. */
  public static final String MODEL_FILE_NAME = "model.onnx";

  /** The manifest file's name inside every entry. */
  public static final String MANIFEST_FILE_NAME = "manifest.json";

  /** Bumped whenever the entry layout or the graph builder's output changes incompatibly. */
  static final int FORMAT_VERSION = 1;

  private static final String TEMP_PREFIX = ".tmp-";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path root;
  private final Map<String, Object> keyLocks = new ConcurrentHashMap<>();

  /** Writes one model into a fresh, empty directory. */
  @FunctionalInterface
  public interface ModelWriter {
    /**
     * Writes the model to {@code modelFile}; external-data files go into {@code
     * modelFile.getParent()} under names relative to it, as ONNX external data requires.
     *
     * @throws IOException when writing fails; the cache then discards everything written
     */
    void write(Path modelFile) throws IOException;
  }

  /** A cache rooted at {@code root}, created on first use. */
  public OnnxModelCache(Path root) {
    if (root == null) {
      throw new IllegalArgumentException("OnnxModelCache root must not be null");
    }
    this.root = root.toAbsolutePath();
  }

  /**
   * A cache rooted at {@code $TASKAWARE_CACHE/onnx} when that variable is set, else {@code
   * ~/.cache/taskaware/onnx}.
   */
  public OnnxModelCache() {
    this(defaultRoot());
  }

  /** The cache's root directory. */
  public Path root() {
    return root;
  }

  /**
   * The cache key for a fingerprint and options: 64 lowercase hex digits.
   *
   * @throws IllegalArgumentException when either argument is null
   */
  public static String key(String fingerprint, String options) {
    if (fingerprint == null || options == null) {
      throw new IllegalArgumentException(
          "cache key needs a fingerprint and an options string, got fingerprint="
              + fingerprint
              + ", options="
              + options);
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      // Length prefixes keep ("ab", "c") and ("a", "bc") apart.
      String canonical =
          "taskaware-onnx-cache/v"
              + FORMAT_VERSION
              + "\n"
              + fingerprint.length()
              + ":"
              + fingerprint
              + "\n"
              + options.length()
              + ":"
              + options;
      return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The model file the entry for these arguments has or would have. */
  public Path modelFile(String fingerprint, String options) {
    return root.resolve(key(fingerprint, options)).resolve(MODEL_FILE_NAME);
  }

  /**
   * The cached model for {@code fingerprint} and {@code options}, built with {@code writer} first
   * if the cache has none.
   *
   * @return the entry's {@value #MODEL_FILE_NAME}
   * @throws IOException when the writer fails (nothing is cached then), when it writes no {@value
   *     #MODEL_FILE_NAME}, or when the cache directory cannot be written
   */
  public Path getOrBuild(String fingerprint, String options, ModelWriter writer)
      throws IOException {
    if (writer == null) {
      throw new IllegalArgumentException("OnnxModelCache.getOrBuild needs a model writer");
    }
    String key = key(fingerprint, options);
    Path entry = root.resolve(key);
    if (isComplete(entry)) {
      return entry.resolve(MODEL_FILE_NAME);
    }
    synchronized (keyLocks.computeIfAbsent(key, k -> new Object())) {
      if (isComplete(entry)) {
        return entry.resolve(MODEL_FILE_NAME);
      }
      build(entry, key, fingerprint, options, writer);
      return entry.resolve(MODEL_FILE_NAME);
    }
  }

  private void build(Path entry, String key, String fingerprint, String options, ModelWriter writer)
      throws IOException {
    Files.createDirectories(root);
    Path temp = root.resolve(TEMP_PREFIX + key + "-" + UUID.randomUUID());
    Files.createDirectory(temp);
    try {
      Path modelFile = temp.resolve(MODEL_FILE_NAME);
      writer.write(modelFile);
      if (!Files.isRegularFile(modelFile)) {
        throw new IOException(
            "model writer for cache key "
                + key
                + " (fingerprint '"
                + fingerprint
                + "') wrote no "
                + MODEL_FILE_NAME
                + " in "
                + temp);
      }
      writeManifest(temp, key, fingerprint, options);
      publish(temp, entry);
    } finally {
      deleteRecursively(temp);
    }
  }

  private static void publish(Path temp, Path entry) throws IOException {
    try {
      Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "cache root " + entry.getParent() + " does not support atomic directory renames", e);
    } catch (IOException e) {
      // Another process published the same key first: its entry is as good as ours.
      if (!isComplete(entry)) {
        throw e;
      }
    }
  }

  private static void writeManifest(Path dir, String key, String fingerprint, String options)
      throws IOException {
    List<String> files = new ArrayList<>();
    try (Stream<Path> listing = Files.list(dir)) {
      listing.map(p -> p.getFileName().toString()).sorted().forEach(files::add);
    }
    Map<String, Object> manifest = new java.util.LinkedHashMap<>();
    manifest.put("formatVersion", FORMAT_VERSION);
    manifest.put("key", key);
    manifest.put("fingerprint", fingerprint);
    manifest.put("options", options);
    manifest.put("created", Instant.now().toString());
    manifest.put("model", MODEL_FILE_NAME);
    manifest.put("files", files);
    JSON.writeValue(dir.resolve(MANIFEST_FILE_NAME).toFile(), manifest);
  }

  private static boolean isComplete(Path entry) {
    return Files.isRegularFile(entry.resolve(MANIFEST_FILE_NAME))
        && Files.isRegularFile(entry.resolve(MODEL_FILE_NAME));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static Path defaultRoot() {
    String configured = System.getenv("TASKAWARE_CACHE");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured, "onnx");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "taskaware", "onnx");
  }
}
