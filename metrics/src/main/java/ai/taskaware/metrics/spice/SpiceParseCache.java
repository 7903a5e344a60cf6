package ai.taskaware.metrics.spice;

import ai.taskaware.metrics.MetricInputException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Captions' SPICE tuples kept on disk across runs, as SPICE 1.0's {@code -cache} keeps its parses
 * (pycocoevalcap turns it on): the references of a dataset are the same in every run, and parsing
 * is nearly all of SPICE's time. JSON lines: a header naming the parser, then one {@code
 * {"caption", "tuples"}} object per caption, appended and flushed as each caption is parsed, so an
 * interrupted run keeps what it parsed. A file written by another parser (CoreNLP release or rule
 * revision) is refused rather than mixed in.
 */
final class SpiceParseCache implements AutoCloseable {
  /** Changes whenever {@link SpiceRules} would extract other tuples from the same parse. */
  static final String PARSER = "stanford-corenlp-" + CoreNlpJars.VERSION + " spice-rules-1";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<List<String>>> TUPLES = new TypeReference<>() {};

  private final Path file;
  private final BufferedWriter out;

  private SpiceParseCache(Path file, BufferedWriter out) {
    this.file = file;
    this.out = out;
  }

  /**
   * Opens {@code file} for appending, creating it (and its folder) with a header when absent, and
   * returns the captions it already holds.
   *
   * @param loaded receives caption → tuples of every complete line
   * @throws MetricInputException naming the file and line when it was written by another parser or
   *     a line other than an unfinished last one is malformed
   */
  static SpiceParseCache open(Path file, Map<String, List<List<String>>> loaded) {
    try {
      if (Files.isRegularFile(file) && Files.size(file) > 0) {
        read(file, loaded);
      } else {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(
            file, JSON.writeValueAsString(Map.of("parser", PARSER)) + "\n", StandardCharsets.UTF_8);
      }
      BufferedWriter out =
          Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      return new SpiceParseCache(file, out);
    } catch (IOException e) {
      throw new UncheckedIOException("SPICE parse cache " + file + ": " + e.getMessage(), e);
    }
  }

  private static void read(Path file, Map<String, List<List<String>>> loaded) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    // A run killed mid-write leaves an unfinished last line: everything before it stands.
    boolean lastComplete = text.endsWith("\n");
    String[] lines = text.split("\n", -1);
    int count = lastComplete ? lines.length - 1 : lines.length;
    Map<String, List<List<String>>> entries = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      boolean unfinished = !lastComplete && i == count - 1;
      JsonNode node;
      try {
        node = JSON.readTree(lines[i]);
      } catch (JsonProcessingException e) {
        if (unfinished) {
          break;
        }
        throw malformed(file, i, "not JSON (" + e.getOriginalMessage() + ")");
      }
      if (i == 0) {
        String parser = node.path("parser").asText("");
        if (!parser.equals(PARSER)) {
          throw new MetricInputException(
              "SPICE parse cache "
                  + file
                  + ": written by '"
                  + parser
                  + "', expected '"
                  + PARSER
                  + "'; delete it or name another cache file");
        }
        continue;
      }
      JsonNode caption = node.get("caption");
      JsonNode tuples = node.get("tuples");
      if (caption == null || !caption.isTextual() || tuples == null || !tuples.isArray()) {
        if (unfinished) {
          break;
        }
        throw malformed(file, i, "expected {\"caption\": text, \"tuples\": [[text, ...], ...]}");
      }
      entries.put(caption.asText(), List.copyOf(JSON.convertValue(tuples, TUPLES)));
    }
    loaded.putAll(entries);
  }

  private static MetricInputException malformed(Path file, int line, String what) {
    return new MetricInputException(
        "SPICE parse cache " + file + ", line " + (line + 1) + ": " + what);
  }

  /** Appends one caption's tuples and flushes. */
  void add(String caption, List<List<String>> tuples) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("caption", caption);
    entry.put("tuples", tuples);
    try {
      out.write(JSON.writeValueAsString(entry));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("SPICE parse cache " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("SPICE parse cache " + file + ": " + e.getMessage(), e);
    }
  }
}
