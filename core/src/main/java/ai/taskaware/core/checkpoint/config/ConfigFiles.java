package ai.taskaware.core.checkpoint.config;

import ai.taskaware.core.checkpoint.CheckpointException;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads JSON config files into records, strictly: wrong types are errors (no silent {@code 2.5 → 2}
 * or {@code "4" → 4}), and every failure is a {@link CheckpointException} naming the file and the
 * key path ({@code text_config.hidden_size}).
 *
 * <p>Record components are bound by their snake_case names ({@code blockOutChannels} ← {@code
 * block_out_channels}). For the config records of this package, absent keys first take the
 * reference class's defaults; a component may be a list and still accept a single value (the
 * int-or-list keys of diffusers).
 */
public final class ConfigFiles {

  /** Key under which the file's own JSON is handed to the record's {@code raw} component. */
  static final String RAW_KEY = "__raw__";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  private ConfigFiles() {}

  /**
   * Reads {@code file} as a JSON object and binds it to {@code type} (a record whose components are
   * named like the keys, in camelCase).
   *
   * @throws CheckpointException naming the file and the offending key when the file is missing, not
   *     JSON, not an object, lacks a required key or has a value of the wrong type
   */
  public static <T> T read(Path file, Class<T> type) {
    return bind(file, readTree(file), type);
  }

  /**
   * The file's JSON object as written.
   *
   * @throws CheckpointException naming the file when it is missing, not JSON or not an object
   */
  public static ObjectNode readTree(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new CheckpointException(file, null, "config file does not exist");
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new CheckpointException(
          file,
          null,
          "not valid JSON: "
              + e.getOriginalMessage()
              + (e.getLocation() == null
                  ? ""
                  : " (line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()
                      + ")"),
          e);
    } catch (IOException e) {
      throw new CheckpointException(file, null, "cannot read: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new CheckpointException(
          file, null, "config must be a JSON object, found " + describe(root));
    }
    return (ObjectNode) root;
  }

  /**
   * Binds an already-read JSON object (as written in {@code file}) to {@code type}, applying the
   * type's defaults.
   *
   * @throws CheckpointException naming {@code file} and the offending key
   */
  public static <T> T bind(Path file, ObjectNode json, Class<T> type) {
    ObjectNode prepared = ConfigDefaults.prepare(type, json);
    requireKeys(file, prepared, type);
    try {
      return JSON.treeToValue(prepared, type);
    } catch (InvalidDefinitionException e) {
      throw new IllegalArgumentException(
          type.getName() + " cannot be bound from JSON: " + e.getOriginalMessage(), e);
    } catch (JsonMappingException e) {
      String key = keyPath(e);
      throw new CheckpointException(
          file,
          key.isEmpty() ? null : key,
          (key.isEmpty() ? "config" : "config key '" + key + "'")
              + " is invalid for "
              + type.getSimpleName()
              + ": "
              + rootCause(e),
          e);
    } catch (JsonProcessingException e) {
      throw new CheckpointException(file, null, "config cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Every component of a record is a required key unless defaults supplied it. Jackson's own
   * FAIL_ON_MISSING_CREATOR_PROPERTIES cannot be used: it also demands the any-setter map.
   */
  private static void requireKeys(Path file, ObjectNode node, Class<?> type) {
    if (!type.isRecord()) {
      return;
    }
    for (RecordComponent c : type.getRecordComponents()) {
      // Jackson's annotations do not target record components; javac copies them to the accessor.
      if (c.getAccessor().isAnnotationPresent(JsonAnySetter.class)) {
        continue;
      }
      JsonProperty explicit = c.getAccessor().getAnnotation(JsonProperty.class);
      String key =
          explicit != null && !explicit.value().isEmpty()
              ? explicit.value()
              : SNAKE_CASE.translate(c.getName());
      if (!node.has(key)) {
        throw new CheckpointException(
            file, key, "required config key '" + key + "' is missing for " + type.getSimpleName());
      }
    }
  }

  private static String keyPath(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static String rootCause(JsonMappingException e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String msg =
        t instanceof JsonProcessingException j
            ? j.getOriginalMessage()
            : String.valueOf(t.getMessage());
    // Jackson's messages end with a hint about features to enable; the first line says it all.
    int nl = msg.indexOf('\n');
    return nl < 0 ? msg : msg.substring(0, nl);
  }

  private static String describe(JsonNode node) {
    return node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Copies absent keys of {@code defaults} into {@code node}. */
  static void fillAbsent(ObjectNode node, ObjectNode defaults) {
    for (Map.Entry<String, JsonNode> d : defaults.properties()) {
      if (!node.has(d.getKey())) {
        node.set(d.getKey(), d.getValue().deepCopy());
      }
    }
  }

  static ObjectNode parseDefaults(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("built-in defaults are not JSON: " + json, e);
    }
  }
}
