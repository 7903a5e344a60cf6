package ai.taskaware.benchmarks.io;

import java.nio.file.Path;

/**
 * A benchmark file (dataset, answers or predictions) that does not have the published format: the
 * message names the file, where in it (line, row or record) and the field.
 */
public final class BenchmarkDataException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String location;
  private final String field;

  /**
   * @param file the offending file
   * @param location where in the file, e.g. {@code "line 3"}, {@code "row 7"} or {@code "record
   *     'val_Jigsaw_4'"}; empty when the whole file is at fault
   * @param field the field at fault, or empty
   * @param message what was expected
   */
  public BenchmarkDataException(Path file, String location, String field, String message) {
    this(file, location, field, message, null);
  }

  /** As {@link #BenchmarkDataException(Path, String, String, String)} with a cause. */
  public BenchmarkDataException(
      Path file, String location, String field, String message, Throwable cause) {
    super(describe(file, location, field, message), cause);
    this.file = file;
    this.location = location == null ? "" : location;
    this.field = field == null ? "" : field;
  }

  private static String describe(Path file, String location, String field, String message) {
    StringBuilder text = new StringBuilder(String.valueOf(file));
    if (location != null && !location.isEmpty()) {
      text.append(", ").append(location);
    }
    if (field != null && !field.isEmpty()) {
      text.append(", field '").append(field).append('\'');
    }
    return text.append(": ").append(message).toString();
  }

  /** The offending file. */
  public Path file() {
    return file;
  }

  /** Where in the file (line, row or record), or empty. */
  public String location() {
    return location;
  }

  /** The field at fault, or empty. */
  public String field() {
    return field;
  }
}
