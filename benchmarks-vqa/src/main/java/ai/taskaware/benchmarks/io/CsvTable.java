package ai.taskaware.benchmarks.io;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A UTF-8 CSV file as pandas' {@code read_csv} and Python's {@code csv.reader} read the benchmark
 * files: RFC 4180 quoting (fields with commas or line breaks in double quotes, {@code ""} for a
 * quote), an optional byte-order mark, blank lines skipped, no trimming. The first row is the
 * header.
 *
 * @param file the file read
 * @param header the first row
 * @param rows the data rows, in file order
 */
public record CsvTable(Path file, List<String> header, List<Row> rows) {

  /**
   * One data row.
   *
   * @param line the 1-based line of the file the row starts on
   * @param number the 1-based data row number (the header is row 0)
   * @param cells the fields, in column order
   */
  public record Row(long line, int number, List<String> cells) {

    /** {@code "row N (line L)"}, for error messages. */
    public String location() {
      return "row " + number + " (line " + line + ")";
    }
  }

  /**
   * Reads {@code file}.
   *
   * @throws BenchmarkDataException if the file is missing, not UTF-8, empty or not parseable CSV
   */
  public static CsvTable read(Path file) {
    String raw = readUtf8(file);
    // pandas and csv with utf-8-sig both drop the byte-order mark
    String text = !raw.isEmpty() && raw.charAt(0) == '\uFEFF' ? raw.substring(1) : raw;
    CsvMapper mapper = new CsvMapper();
    mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    mapper.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
    List<Row> rows = new ArrayList<>();
    List<String> header = null;
    try (MappingIterator<List<String>> it =
        mapper
            .readerForListOf(String.class)
            .with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema())
            .readValues(text)) {
      int number = 0;
      while (it.hasNextValue()) {
        List<String> cells = it.nextValue();
        // after a row the parser's current token (the row's end marker) is located at the row's
        // start
        long line = it.getParser().currentTokenLocation().getLineNr();
        if (header == null) {
          header = List.copyOf(cells);
        } else {
          number++;
          rows.add(new Row(line, number, List.copyOf(cells)));
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new BenchmarkDataException(
          file, "", "", "not a parseable CSV file: " + e.getMessage(), e);
    }
    if (header == null) {
      throw new BenchmarkDataException(file, "", "", "empty CSV file, expected a header row");
    }
    return new CsvTable(file, header, List.copyOf(rows));
  }

  /**
   * The index of column {@code name} in the header.
   *
   * @throws BenchmarkDataException if there is no such column
   */
  public int column(String name) {
    int index = header.indexOf(name);
    if (index < 0) {
      throw new BenchmarkDataException(
          file, "header", name, "missing column '" + name + "', header is " + header);
    }
    return index;
  }

  /**
   * The non-empty field at {@code column} of {@code row}.
   *
   * @throws BenchmarkDataException if the row is too short or the field empty
   */
  public String cell(Row row, int column, String field) {
    if (column >= row.cells().size()) {
      throw new BenchmarkDataException(
          file,
          row.location(),
          field,
          "row has " + row.cells().size() + " fields, expected at least " + (column + 1));
    }
    String value = row.cells().get(column);
    if (value.isEmpty()) {
      throw new BenchmarkDataException(file, row.location(), field, "empty field");
    }
    return value;
  }

  static String readUtf8(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new BenchmarkDataException(file, "", "", "file is missing");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BenchmarkDataException(file, "", "", "not UTF-8 text", e);
    } catch (IOException e) {
      throw new BenchmarkDataException(file, "", "", "cannot be read: " + e.getMessage(), e);
    }
  }
}
