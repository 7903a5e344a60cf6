package ai.taskaware.examples.scoring;

import ai.taskaware.examples.cli.CliInputException;
import ai.taskaware.metrics.caption.CaptionResult;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the COCO caption formats: an annotations file {@code {"annotations": [{"image_id",
 * "caption"}, …]}} and a results list {@code [{"image_id", "caption"}, …]}. Image ids may be
 * numbers or strings; they are compared as text. Errors name the file and the JSON path of the
 * field.
 */
final class CocoCaptionFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CocoCaptionFiles() {}

  /** Image id → reference captions, in file order. */
  static Map<String, List<String>> references(Path file) {
    JsonNode root = parse(file);
    JsonNode annotations = root.get("annotations");
    if (!root.isObject() || annotations == null || !annotations.isArray()) {
      throw new CliInputException(
          file + ": expected a JSON object with an \"annotations\" array (COCO captions format)");
    }
    Map<String, List<String>> refs = new LinkedHashMap<>();
    for (int i = 0; i < annotations.size(); i++) {
      String where = "annotations[" + i + "]";
      JsonNode a = annotations.get(i);
      refs.computeIfAbsent(imageId(file, where, a), k -> new ArrayList<>())
          .add(caption(file, where, a));
    }
    return refs;
  }

  /** The results list, in file order. */
  static List<CaptionResult> results(Path file) {
    JsonNode root = parse(file);
    if (!root.isArray()) {
      throw new CliInputException(
          file + ": expected a JSON array of {\"image_id\", \"caption\"} (COCO results format)");
    }
    List<CaptionResult> results = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      String where = "[" + i + "]";
      JsonNode r = root.get(i);
      results.add(new CaptionResult(imageId(file, where, r), caption(file, where, r)));
    }
    return results;
  }

  private static JsonNode parse(Path file) {
    try {
      return JSON.readTree(Files.newBufferedReader(file));
    } catch (NoSuchFileException e) {
      throw new CliInputException(file + ": no such file");
    } catch (JacksonException e) {
      throw new CliInputException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new CliInputException(file + ": cannot be read: " + e.getMessage(), e);
    }
  }

  private static String imageId(Path file, String where, JsonNode entry) {
    JsonNode id = entry == null ? null : entry.get("image_id");
    if (id == null || !(id.isIntegralNumber() || id.isTextual())) {
      throw new CliInputException(
          file + ": " + where + ".image_id: expected a number or a string, found " + kind(id));
    }
    return id.asText();
  }

  private static String caption(Path file, String where, JsonNode entry) {
    JsonNode caption = entry.get("caption");
    if (caption == null || !caption.isTextual()) {
      throw new CliInputException(
          file + ": " + where + ".caption: expected a string, found " + kind(caption));
    }
    return caption.asText();
  }

  private static String kind(JsonNode n) {
    return n == null ? "nothing" : n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }
}
