package ai.taskaware.metrics.spice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.metrics.MetricInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk cache of captions' tuples: round trip, interrupted writes, refusals. */
class SpiceParseCacheTest {
  @TempDir Path dir;

  @Test
  void tuplesWrittenByOneRunAreReadByTheNext() {
    Path file = dir.resolve("nested/parses.jsonl");
    Map<String, List<List<String>>> first = new HashMap<>();
    try (SpiceParseCache cache = SpiceParseCache.open(file, first)) {
      cache.add("a red bus", List.of(List.of("bus"), List.of("bus", "red")));
      cache.add("two dogs", List.of(List.of("dog"), List.of("dog", "2")));
    }
    assertThat(first).isEmpty();
    Map<String, List<List<String>>> second = new HashMap<>();
    try (SpiceParseCache cache = SpiceParseCache.open(file, second)) {
      cache.add("a cat", List.of(List.of("cat")));
    }
    assertThat(second)
        .containsOnly(
            Map.entry("a red bus", List.of(List.of("bus"), List.of("bus", "red"))),
            Map.entry("two dogs", List.of(List.of("dog"), List.of("dog", "2"))));
    Map<String, List<List<String>>> third = new HashMap<>();
    SpiceParseCache.open(file, third).close();
    assertThat(third).containsKeys("a red bus", "two dogs", "a cat").hasSize(3);
  }

  @Test
  void anUnfinishedLastLineFromAKilledRunIsDroppedAndTheRestKept() throws IOException {
    Path file = dir.resolve("parses.jsonl");
    SpiceParseCache.open(file, new HashMap<>()).close();
    Files.writeString(
        file,
        Files.readString(file)
            + "{\"caption\":\"a cat\",\"tuples\":[[\"cat\"]]}\n"
            + "{\"caption\":\"a do",
        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
    Map<String, List<List<String>>> loaded = new HashMap<>();
    SpiceParseCache.open(file, loaded).close();
    assertThat(loaded).containsOnlyKeys("a cat");
  }

  @Test
  void anotherParsersFileOrAMalformedLineIsRefusedNamingFileAndLine() throws IOException {
    Path other = dir.resolve("other.jsonl");
    Files.writeString(other, "{\"parser\":\"stanford-corenlp-3.6.0 spice-1.0\"}\n");
    assertThatThrownBy(() -> SpiceParseCache.open(other, new HashMap<>()))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining(other.toString())
        .hasMessageContaining("stanford-corenlp-3.6.0 spice-1.0")
        .hasMessageContaining(SpiceParseCache.PARSER);

    Path broken = dir.resolve("broken.jsonl");
    SpiceParseCache.open(broken, new HashMap<>()).close();
    Files.writeString(
        broken,
        Files.readString(broken)
            + "{\"caption\":\"a cat\"}\n"
            + "{\"caption\":\"a dog\",\"tuples\":[[\"dog\"]]}\n");
    assertThatThrownBy(() -> SpiceParseCache.open(broken, new HashMap<>()))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining(broken + ", line 2")
        .hasMessageContaining("\"tuples\"");
  }
}
