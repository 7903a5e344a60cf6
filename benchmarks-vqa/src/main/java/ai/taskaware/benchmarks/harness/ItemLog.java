package ai.taskaware.benchmarks.harness;

import ai.taskaware.benchmarks.io.BenchmarkDataException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An append-only JSON Lines file of per-item results, keyed by item id. Each result is written as
 * one line and forced to disk before the next item starts, so a killed run loses at most the item
 * in flight; on resume a trailing partial line (the write the kill interrupted) is cut off.
 *
 * @param <R> the record type of one line (a Jackson-serializable record)
 */
public final class ItemLog<R> implements AutoCloseable {

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path file;
  private final Function<R, String> key;
  private final Map<String, R> done = new LinkedHashMap<>();
  private final FileChannel channel;

  private ItemLog(Path file, Function<R, String> key, FileChannel channel) {
    this.file = file;
    this.key = key;
    this.channel = channel;
  }

  /**
   * Opens {@code file}, keeping its records when {@code resume} and starting it empty otherwise.
   *
   * @throws BenchmarkDataException if a complete line of an existing log is not a {@code type}
   *     record
   */
  public static <R> ItemLog<R> open(
      Path file, Class<R> type, Function<R, String> key, boolean resume) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (!resume) {
        Files.deleteIfExists(file);
      }
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      ItemLog<R> log = new ItemLog<>(file, key, channel);
      try {
        log.load(type);
      } catch (RuntimeException e) {
        channel.close();
        throw e;
      }
      return log;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open result log " + file, e);
    }
  }

  private void load(Class<R> type) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int complete = 0;
    int lineNumber = 0;
    for (int start = 0; start < bytes.length; ) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      if (end == bytes.length) {
        break; // a partial last line: the write a kill interrupted
      }
      lineNumber++;
      String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
      if (!line.isBlank()) {
        try {
          R record = JSON.readValue(line, type);
          done.put(key.apply(record), record);
        } catch (JsonProcessingException e) {
          throw new BenchmarkDataException(
              file,
              "line " + lineNumber,
              "",
              "not a " + type.getSimpleName() + " result line: " + e.getOriginalMessage(),
              e);
        }
      }
      complete = end + 1;
      start = end + 1;
    }
    channel.truncate(complete);
    channel.position(complete);
  }

  /** The record of item {@code id}, if it is finished. */
  public synchronized Optional<R> get(String id) {
    return Optional.ofNullable(done.get(id));
  }

  /** Number of finished items. */
  public synchronized int size() {
    return done.size();
  }

  /** Appends {@code record} as one line and forces it to disk. */
  public synchronized void append(R record) {
    try {
      byte[] line = (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
      done.put(key.apply(record), record);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to result log " + file, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close result log " + file, e);
    }
  }
}
