package ai.taskaware.core.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The one shape of every JSON result file taskaware writes: {@code {"results": …, "provenance":
 * …}}. Results are any Jackson-serializable value (records, maps, lists); the provenance says what
 * produced them. Files are written atomically (temporary file, then rename), so a killed run never
 * leaves half a result.
 */
public final class ResultFile {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private ResultFile() {}

  /**
   * Writes {@code results} with their provenance to {@code file}, creating parent folders.
   *
   * @throws UncheckedIOException when the file cannot be written
   * @throws IllegalArgumentException when {@code results} cannot be serialized as JSON
   */
  public static void write(Path file, Object results, Provenance provenance) {
    ObjectNode root = JSON.createObjectNode();
    root.set("results", JSON.valueToTree(results));
    root.set("provenance", JSON.valueToTree(provenance));
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
      try {
        JSON.writeValue(tmp.toFile(), root);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write result file " + file, e);
    }
  }

  /** The {@code results} part of a result file, as a JSON tree. */
  public static JsonNode readResults(Path file) {
    return readRoot(file).get("results");
  }

  /** The {@code provenance} part of a result file. */
  public static Provenance readProvenance(Path file) {
    try {
      return JSON.treeToValue(readRoot(file).get("provenance"), Provenance.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          file + ": 'provenance' is not a provenance record: " + e.getMessage(), e);
    }
  }

  private static JsonNode readRoot(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not a JSON result file: " + e.getMessage(), e);
    }
    if (root == null || !root.has("results") || !root.has("provenance")) {
      throw new IllegalArgumentException(
          file + ": expected an object with keys 'results' and 'provenance'");
    }
    return root;
  }
}
