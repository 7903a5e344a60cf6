package ai.taskaware.metrics.spice;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.metrics.caption.CaptionScorer;
import ai.taskaware.metrics.caption.CaptionScores;
import ai.taskaware.metrics.caption.CaptionTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPICE end to end through CoreNLP 4.5.10 (the folder the build copies into target/, named by the
 * system property surefire sets). One scorer is shared: loading the parser takes seconds.
 */
class SpiceParsedTest {
  private static SpiceScorer spice;

  @BeforeAll
  static void openParser() {
    spice = SpiceScorer.open();
  }

  @AfterAll
  static void closeParser() {
    spice.close();
  }

  @Test
  void aParseCacheSuppliesStoredTuplesAndRecordsNewParses(@TempDir Path dir) throws IOException {
    // The stored tuples for the candidate differ from what CoreNLP would give ("zebra", "plain",
    // "graze"), so F = 1 shows they came from the file, not from a parse.
    Path file = dir.resolve("parses.jsonl");
    Files.writeString(
        file,
        "{\"parser\":\""
            + SpiceParseCache.PARSER
            + "\"}\n{\"caption\":\"a zebra grazes on the plain\",\"tuples\":[[\"unicorn\"]]}\n");
    spice.withParseCache(file);
    SpiceScores scores =
        spice.score(
            Map.of("img", List.of("a unicorn")), Map.of("img", "a zebra grazes on the plain"));
    assertThat(scores.perImage().get("img").get("All").f()).isEqualTo(1.0);
    assertThat(Files.readAllLines(file))
        .hasSize(3)
        .last()
        .isEqualTo("{\"caption\":\"a unicorn\",\"tuples\":[[\"unicorn\"]]}");
  }

  @Test
  void knownSceneGraphs() {
    assertThat(spice.tuples("a young girl is holding a red umbrella"))
        .containsExactlyInAnyOrder(
            List.of("girl", "umbrella", "hold"),
            List.of("girl", "young"),
            List.of("umbrella", "red"),
            List.of("girl"),
            List.of("umbrella"));
    assertThat(spice.tuples("two dogs are sitting on a wooden bench"))
        .containsExactlyInAnyOrder(
            List.of("dog", "bench", "sit on"),
            List.of("dog", "two"),
            List.of("bench", "wooden"),
            List.of("dog"),
            List.of("bench"));
    assertThat(spice.tuples("a man is in the kitchen"))
        .containsExactlyInAnyOrder(
            List.of("man", "kitchen", "in"), List.of("man"), List.of("kitchen"));
  }

  @Test
  void anEmptyCaptionHasNoTuplesAndScoresZero() {
    assertThat(spice.tuples("")).isEmpty();
    SpiceScores s = spice.score(Map.of("1", List.of("a man is in the kitchen")), Map.of("1", ""));
    assertThat(s.perImage().get("1").get("All")).isEqualTo(new TupleScore(0, 0, 0, 0, 0, 3, 1));
  }

  @Test
  void everySentenceOfACaptionCounts() {
    assertThat(spice.tuples("a dog runs . a cat sleeps"))
        .contains(List.of("dog", "run"), List.of("cat", "sleep"));
  }

  @Test
  void scoresThroughTheCaptionScorer() {
    Map<String, List<String>> refs = new LinkedHashMap<>();
    Map<String, String> cands = new LinkedHashMap<>();
    refs.put("1", List.of("a young girl is holding a red umbrella", "a girl with an umbrella"));
    cands.put("1", "a young girl is holding a red umbrella");
    refs.put("2", List.of("two dogs are sitting on a wooden bench"));
    cands.put("2", "a cat is sleeping on a sofa");
    List<Integer> progress = new ArrayList<>();
    CaptionScores scores =
        new CaptionScorer(CaptionTokenizer.none())
            .withSpice(spice, (done, total) -> progress.add(done))
            .score(refs, cands);

    SpiceScores detail = scores.spice().orElseThrow();
    // image 1: every candidate tuple is among the reference tuples, which also hold
    // (girl, umbrella, with): P = 1, R = 5/6
    TupleScore one = detail.perImage().get("1").get("All");
    assertThat(one.precision()).isEqualTo(1.0);
    assertThat(one.tp()).isEqualTo(5);
    assertThat(one.fn()).isEqualTo(1);
    // image 2: a cat sleeping on a sofa shares no word or synset with two dogs on a bench
    assertThat(detail.perImage().get("2").get("All").f()).isZero();
    assertThat(scores.get(CaptionScores.SPICE)).isEqualTo((one.f() + 0) / 2);
    assertThat(scores.perImage().get("1").get(CaptionScores.SPICE)).isEqualTo(one.f());
    // 4 distinct captions, each parsed once (fewer when an earlier test parsed them already)
    assertThat(progress).isNotEmpty().hasSizeLessThanOrEqualTo(4);
  }
}
