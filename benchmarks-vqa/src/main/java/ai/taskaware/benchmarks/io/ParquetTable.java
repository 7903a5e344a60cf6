package ai.taskaware.benchmarks.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.duckdb.DuckDBStruct;

/**
 * A Parquet file as the Hugging Face hub publishes dataset shards, read whole through DuckDB's
 * {@code read_parquet} (in process, no server, no Hadoop). Images of the {@code datasets} {@code
 * Image} feature are structs {@code {bytes: BLOB, path: VARCHAR}}; their bytes are kept encoded and
 * decoded only when a run needs them.
 *
 * @param file the file read
 * @param columnTypes column name → DuckDB type (e.g. {@code VARCHAR}, {@code BIGINT}, {@code
 *     STRUCT(bytes BLOB, path VARCHAR)}, {@code VARCHAR[]}), in file order
 * @param rows the rows, in file order
 */
public record ParquetTable(Path file, Map<String, String> columnTypes, List<Row> rows) {

  public ParquetTable {
    columnTypes = Collections.unmodifiableMap(new LinkedHashMap<>(columnTypes));
    rows = List.copyOf(rows);
  }

  /**
   * Reads every row of {@code file}.
   *
   * @throws BenchmarkDataException if the file is missing or not a readable Parquet file
   */
  public static ParquetTable read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new BenchmarkDataException(file, "", "", "file is missing");
    }
    Map<String, String> types = new LinkedHashMap<>();
    List<Row> rows = new ArrayList<>();
    List<Long> numbers = new ArrayList<>();
    // file_row_number gives the row's position in the file, so the order and the row numbers in
    // error messages do not depend on DuckDB's parallel scan. Rows are sorted here rather than with
    // ORDER BY, which made DuckDB materialize the whole file once more (measured: 2.5 s and 3.0 GB
    // RSS against 1.6 s and 2.6 GB for 480 MB of image bytes).
    String sql = "SELECT * FROM read_parquet(?, file_row_number = true)";
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, file.toAbsolutePath().toString());
      try (ResultSet result = statement.executeQuery()) {
        ResultSetMetaData meta = result.getMetaData();
        int rowNumberColumn = -1;
        for (int c = 1; c <= meta.getColumnCount(); c++) {
          if (meta.getColumnName(c).equals("file_row_number")) {
            rowNumberColumn = c;
          } else {
            types.put(meta.getColumnName(c), meta.getColumnTypeName(c));
          }
        }
        while (result.next()) {
          Map<String, Object> values = new LinkedHashMap<>();
          for (int c = 1; c <= meta.getColumnCount(); c++) {
            if (c != rowNumberColumn) {
              values.put(meta.getColumnName(c), value(result.getObject(c)));
            }
          }
          long number = result.getLong(rowNumberColumn);
          numbers.add(number);
          rows.add(new Row(file, "row " + number, types, values));
        }
      }
    } catch (SQLException e) {
      throw new BenchmarkDataException(
          file, "", "", "not a readable Parquet file: " + e.getMessage(), e);
    }
    return new ParquetTable(file, types, inFileOrder(rows, numbers));
  }

  private static List<Row> inFileOrder(List<Row> rows, List<Long> numbers) {
    Integer[] order = new Integer[rows.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Long.compare(numbers.get(x), numbers.get(y)));
    List<Row> sorted = new ArrayList<>(rows.size());
    for (int i : order) {
      sorted.add(rows.get(i));
    }
    return sorted;
  }

  /**
   * The Parquet files of {@code folder} whose names match {@code glob} (e.g. {@code
   * "train-*.parquet"}), sorted by name as the hub numbers shards.
   *
   * @throws BenchmarkDataException if the folder cannot be listed
   */
  public static List<Path> shards(Path folder, String glob) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    var matcher = folder.getFileSystem().getPathMatcher("glob:" + glob);
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(f -> Files.isRegularFile(f) && matcher.matches(f.getFileName()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new BenchmarkDataException(folder, "", "", "cannot be listed: " + e.getMessage(), e);
    }
  }

  private static Object value(Object raw) throws SQLException {
    if (raw instanceof Blob blob) {
      return blob.getBytes(1, Math.toIntExact(blob.length()));
    }
    if (raw instanceof DuckDBStruct struct) {
      Map<String, Object> fields = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : struct.getMap().entrySet()) {
        fields.put(e.getKey(), value(e.getValue()));
      }
      return fields;
    }
    if (raw instanceof Array array) {
      List<Object> out = new ArrayList<>();
      for (Object element : (Object[]) array.getArray()) {
        out.add(value(element));
      }
      return out;
    }
    return raw;
  }

  /**
   * One row, with typed access whose errors name the file, the row (0-based, as {@code dataset[n]}
   * counts) and the column.
   */
  public static final class Row implements DatasetRow {
    private final Path file;
    private final String location;
    private final Map<String, String> types;
    private final Map<String, Object> values;

    Row(Path file, String location, Map<String, String> types, Map<String, Object> values) {
      this.file = file;
      this.location = location;
      this.types = types;
      this.values = values;
    }

    /** The file the row came from. */
    public Path file() {
      return file;
    }

    @Override
    public String location() {
      return location;
    }

    /** The same row with its location described as {@code location} (e.g. with the row's id). */
    public Row at(String location) {
      return new Row(file, location, types, values);
    }

    private Object present(String column) {
      if (!values.containsKey(column)) {
        throw fail(column, "missing column; the file has columns " + types.keySet());
      }
      Object value = values.get(column);
      if (value == null) {
        throw fail(column, "missing value (null)");
      }
      return value;
    }

    private BenchmarkDataException wrongType(String column, String expected) {
      return fail(column, "expected " + expected + ", the column is " + types.get(column));
    }

    @Override
    public String text(String column) {
      if (!(present(column) instanceof String text)) {
        throw wrongType(column, "a string");
      }
      if (text.isEmpty()) {
        throw fail(column, "empty string");
      }
      return text;
    }

    @Override
    public Optional<String> optionalText(String column) {
      Object value = values.get(column);
      if (value == null) {
        return Optional.empty();
      }
      if (!(value instanceof String text)) {
        throw wrongType(column, "a string");
      }
      return Optional.of(text);
    }

    @Override
    public String id(String column) {
      Object value = present(column);
      if (value instanceof String || value instanceof Long || value instanceof Integer) {
        return value.toString();
      }
      throw wrongType(column, "an integer or a string");
    }

    @Override
    public List<String> textList(String column) {
      if (!(present(column) instanceof List<?> list)) {
        throw wrongType(column, "a list of strings");
      }
      List<String> out = new ArrayList<>(list.size());
      for (Object element : list) {
        if (!(element instanceof String text)) {
          throw wrongType(column, "a list of strings");
        }
        out.add(text);
      }
      return List.copyOf(out);
    }

    /**
     * A required image of the {@code datasets} {@code Image} feature, with its bytes embedded.
     *
     * @throws BenchmarkDataException if the column is missing, null, not an image struct, or the
     *     image is stored only by path
     */
    public ImageSource image(String column) {
      present(column);
      return optionalImage(column).orElseThrow();
    }

    /**
     * An optional image (null in the file → empty), as {@link #image}.
     *
     * @throws BenchmarkDataException if present but not an embedded image struct
     */
    public Optional<ImageSource> optionalImage(String column) {
      if (!values.containsKey(column)) {
        throw fail(column, "missing column; the file has columns " + types.keySet());
      }
      Object value = values.get(column);
      if (value == null) {
        return Optional.empty();
      }
      if (!(value instanceof Map<?, ?> struct) || !struct.containsKey("bytes")) {
        throw wrongType(column, "an image struct {bytes: BLOB, path: VARCHAR}");
      }
      Object bytes = struct.get("bytes");
      if (bytes == null) {
        Object path = struct.get("path");
        throw fail(
            column,
            path == null
                ? "image struct has neither bytes nor path"
                : "image is stored by path '" + path + "', not embedded in the file");
      }
      if (!(bytes instanceof byte[] encoded)) {
        throw wrongType(column, "an image struct {bytes: BLOB, path: VARCHAR}");
      }
      return Optional.of(ImageSource.embedded(encoded, file, location, column));
    }

    @Override
    public BenchmarkDataException fail(String column, String message) {
      return new BenchmarkDataException(file, location, column, message);
    }
  }
}
