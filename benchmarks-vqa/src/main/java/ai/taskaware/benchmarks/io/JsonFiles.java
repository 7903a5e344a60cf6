package ai.taskaware.benchmarks.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads JSON and JSON Lines benchmark files, with line numbers in every error. */
public final class JsonFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonFiles() {}

  /**
   * Reads a JSON Lines file (one object per line, as {@code json.loads(line)} reads it; blank lines
   * and a byte-order mark are skipped).
   *
   * @throws BenchmarkDataException naming the line of any line that is not a JSON object
   */
  public static List<JsonRecord> readLines(Path file) {
    String text = CsvTable.readUtf8(file);
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    List<JsonRecord> records = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      String location = "line " + (i + 1);
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        throw new BenchmarkDataException(
            file, location, "", "not a JSON value: " + e.getOriginalMessage(), e);
      }
      if (node == null || !node.isObject()) {
        throw new BenchmarkDataException(file, location, "", "expected a JSON object");
      }
      records.add(new JsonRecord(file, location, node));
    }
    return List.copyOf(records);
  }

  /**
   * Reads a whole JSON file.
   *
   * @throws BenchmarkDataException if it is missing or not JSON
   */
  public static JsonNode read(Path file) {
    String text = CsvTable.readUtf8(file);
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new BenchmarkDataException(file, "", "", "empty file, expected JSON");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new BenchmarkDataException(
          file,
          e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr(),
          "",
          "not JSON: " + e.getOriginalMessage(),
          e);
    }
  }
}
