package ai.taskaware.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import javax.imageio.ImageIO;

/**
 * Writes small Parquet files with the Hugging Face {@code datasets} schema (images as structs
 * {@code {bytes: BLOB, path: VARCHAR}}, lists as {@code VARCHAR[]}, integers as {@code BIGINT})
 * through DuckDB's {@code COPY … TO … (FORMAT parquet)}.
 */
public final class ParquetFixtures {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ParquetFixtures() {}

  /**
   * An image cell stored by path only (no bytes), as {@code datasets} does for unembedded files.
   */
  public record PathOnly(String path) {}

  /** An integer cell written as a string column value, to provoke type errors. */
  public record Typed(Object value, String sqlType) {}

  /** An 8×8 PNG of grey level {@code grey}. */
  public static byte[] png(int grey) {
    try {
      java.awt.image.BufferedImage image =
          new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
      java.awt.Graphics2D g = image.createGraphics();
      g.setColor(new java.awt.Color(grey, grey, grey));
      g.fillRect(0, 0, 8, 8);
      g.dispose();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@code rows} (column → value: String, Long/Integer, byte[] = embedded image, {@link
   * PathOnly}, List of String, {@link Typed}, or null) to {@code file}; columns are the union of
   * the rows' keys in first-appearance order, missing cells null.
   */
  public static Path write(Path file, List<Map<String, Object>> rows) {
    Set<String> columns = new LinkedHashSet<>();
    rows.forEach(r -> columns.addAll(r.keySet()));
    List<String> tuples = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      List<String> cells = new ArrayList<>();
      for (String column : columns) {
        cells.add(cell(row.get(column), params));
      }
      tuples.add("(" + String.join(", ", cells) + ")");
    }
    StringBuilder names = new StringBuilder();
    for (String column : columns) {
      names.append(names.length() == 0 ? "" : ", ").append('"').append(column).append('"');
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
        try (PreparedStatement p =
            c.prepareStatement(
                "CREATE TABLE t AS SELECT * FROM (VALUES "
                    + String.join(", ", tuples)
                    + ") AS v("
                    + names
                    + ")")) {
          for (int i = 0; i < params.size(); i++) {
            Object value = params.get(i);
            if (value instanceof byte[] bytes) {
              p.setBytes(i + 1, bytes);
            } else if (value instanceof Long number) {
              p.setLong(i + 1, number);
            } else {
              p.setString(i + 1, (String) value);
            }
          }
          p.execute();
        }
        try (Statement s = c.createStatement()) {
          s.execute(
              "COPY t TO '"
                  + file.toAbsolutePath().toString().replace("'", "''")
                  + "' (FORMAT parquet)");
        }
      }
      return file;
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("cannot write test Parquet file " + file, e);
    }
  }

  private static String cell(Object value, List<Object> params) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof String text) {
      params.add(text);
      return "?::VARCHAR";
    }
    if (value instanceof Long || value instanceof Integer) {
      params.add(((Number) value).longValue());
      return "?::BIGINT";
    }
    if (value instanceof byte[] bytes) {
      params.add(bytes);
      return "{'bytes': ?::BLOB, 'path': NULL::VARCHAR}";
    }
    if (value instanceof PathOnly only) {
      params.add(only.path());
      return "{'bytes': NULL::BLOB, 'path': ?::VARCHAR}";
    }
    if (value instanceof Typed typed) {
      params.add(typed.value());
      return "?::" + typed.sqlType();
    }
    if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        return "[]::VARCHAR[]";
      }
      params.add(String.join("\u001f", list.stream().map(String.class::cast).toList()));
      return "string_split(?, chr(31))";
    }
    throw new IllegalArgumentException("unsupported test cell " + value.getClass());
  }

  /**
   * The rows of a JSON Lines test resource as {@link #write} takes them, with each string or null
   * cell of {@code imageColumns} replaced by {@code image.apply(column, path)} (null stays null).
   */
  public static List<Map<String, Object>> rowsOf(
      String resource, Set<String> imageColumns, BiFunction<String, String, Object> image) {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (InputStream in = ParquetFixtures.class.getResourceAsStream(resource)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : JSON.readTree(line).properties()) {
          JsonNode v = e.getValue();
          Object value;
          if (imageColumns.contains(e.getKey())) {
            value = v.isNull() ? null : image.apply(e.getKey(), v.asText());
          } else if (v.isIntegralNumber()) {
            value = v.asLong();
          } else if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(item -> items.add(item.asText()));
            value = items;
          } else {
            value = v.isNull() ? null : v.asText();
          }
          row.put(e.getKey(), value);
        }
        rows.add(row);
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
