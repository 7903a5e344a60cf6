package ai.taskaware.benchmarks.io;

import java.util.List;
import java.util.Optional;

/**
 * One record of a benchmark file, whatever its format (a JSON Lines object, a Parquet row), with
 * typed field access whose errors name the file, the record's location and the field.
 */
public interface DatasetRow {

  /** Where the record is in its file, e.g. {@code "line 4"} or {@code "row 12"}. */
  String location();

  /**
   * A required, non-empty string field.
   *
   * @throws BenchmarkDataException if missing, not a string or empty
   */
  String text(String field);

  /**
   * An optional string field: empty when missing or null.
   *
   * @throws BenchmarkDataException if present but not a string
   */
  Optional<String> optionalText(String field);

  /**
   * A required identifier stored either as an integer or as a string.
   *
   * @throws BenchmarkDataException if missing or neither
   */
  String id(String field);

  /**
   * A required list of strings.
   *
   * @throws BenchmarkDataException if missing, not a list or holding non-strings
   */
  List<String> textList(String field);

  /** A typed error about {@code field} of this record. */
  BenchmarkDataException fail(String field, String message);
}
