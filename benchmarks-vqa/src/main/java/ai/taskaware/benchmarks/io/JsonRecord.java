package ai.taskaware.benchmarks.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One JSON object of a benchmark file, with typed field access whose errors name the file, the
 * record's location and the field.
 *
 * @param file the file the record came from
 * @param location where in the file, e.g. {@code "line 4"} or {@code "record '2011'"}
 * @param node the JSON object
 */
public record JsonRecord(Path file, String location, JsonNode node) implements DatasetRow {

  /**
   * A required string field (non-empty unless {@code allowEmpty}).
   *
   * @throws BenchmarkDataException if missing, not a string or empty
   */
  @Override
  public String text(String field) {
    return text(field, false);
  }

  /** A required string field; see {@link #text(String)}. */
  public String text(String field, boolean allowEmpty) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw fail(field, "missing required field");
    }
    if (!value.isTextual()) {
      throw fail(field, "expected a string, got " + value.getNodeType());
    }
    if (!allowEmpty && value.asText().isEmpty()) {
      throw fail(field, "empty string");
    }
    return value.asText();
  }

  /** An optional string field: empty when missing or null. */
  @Override
  public Optional<String> optionalText(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw fail(field, "expected a string, got " + value.getNodeType());
    }
    return Optional.of(value.asText());
  }

  /**
   * A required integer field.
   *
   * @throws BenchmarkDataException if missing or not an integer
   */
  public long integer(String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isIntegralNumber()) {
      throw fail(field, value == null ? "missing required field" : "expected an integer");
    }
    return value.asLong();
  }

  /**
   * A required identifier that publishers write either as a JSON number or as a string.
   *
   * @throws BenchmarkDataException if missing or neither
   */
  @Override
  public String id(String field) {
    JsonNode value = node.get(field);
    if (value != null && (value.isIntegralNumber() || value.isTextual())) {
      return value.asText();
    }
    throw fail(field, value == null ? "missing required field" : "expected a number or string");
  }

  /**
   * A required boolean field.
   *
   * @throws BenchmarkDataException if missing or not a boolean
   */
  public boolean bool(String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isBoolean()) {
      throw fail(field, value == null ? "missing required field" : "expected true or false");
    }
    return value.asBoolean();
  }

  /**
   * A required array of strings.
   *
   * @throws BenchmarkDataException if missing, not an array or holding non-strings
   */
  @Override
  public List<String> textList(String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isArray()) {
      throw fail(field, value == null ? "missing required field" : "expected an array");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        throw fail(field, "expected an array of strings");
      }
      out.add(element.asText());
    }
    return List.copyOf(out);
  }

  /** A typed error about {@code field} of this record. */
  @Override
  public BenchmarkDataException fail(String field, String message) {
    return new BenchmarkDataException(file, location, field, message);
  }
}
