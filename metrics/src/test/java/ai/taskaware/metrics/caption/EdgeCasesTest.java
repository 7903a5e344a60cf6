package ai.taskaware.metrics.caption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.taskaware.metrics.MetricInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Identity and degenerate inputs, and the typed errors for input pycocoevalcap cannot score. */
class EdgeCasesTest {
  private static final CaptionScorer SCORER = new CaptionScorer(CaptionTokenizer.none());

  @Test
  void candidateEqualToItsReferenceScoresPerfectly() {
    Map<String, List<String>> refs = new LinkedHashMap<>();
    refs.put("1", List.of("a man rides a red bike down the street"));
    refs.put("2", List.of("two dogs play with a ball on the grass"));
    Map<String, String> cands = new LinkedHashMap<>();
    cands.put("1", "a man rides a red bike down the street");
    cands.put("2", "two dogs play with a ball on the grass");
    CaptionScores s = SCORER.score(refs, cands);
    for (String bleu : List.of("Bleu_1", "Bleu_2", "Bleu_3", "Bleu_4")) {
      assertThat(s.get(bleu)).isCloseTo(1.0, within(1e-9));
    }
    assertThat(s.get("ROUGE_L")).isEqualTo(1.0);
    // Identical tf-idf vectors: cosine 1 for every n, no length penalty, × 10.
    assertThat(s.get("CIDEr")).isCloseTo(10.0, within(1e-12));
  }

  @Test
  void emptyCandidateScoresZero() {
    Map<String, List<String>> refs = new LinkedHashMap<>();
    refs.put("1", List.of("a cat"));
    refs.put("2", List.of("a dog"));
    Map<String, String> cands = new LinkedHashMap<>();
    cands.put("1", "");
    cands.put("2", "a dog");
    CaptionScores s = SCORER.score(refs, cands);
    Map<String, Double> empty = s.perImage().get("1");
    // c = 0: ratio TINY/(2 + SMALL) gives BP = exp(1 − 2e15) = 0.
    assertThat(empty.get("Bleu_1")).isEqualTo(0.0);
    assertThat(empty.get("ROUGE_L")).isEqualTo(0.0);
    assertThat(empty.get("CIDEr")).isEqualTo(0.0);
    assertThat(s.perImage().get("2").get("ROUGE_L")).isEqualTo(1.0);
  }

  @Test
  void emptyCandidateMatchesAnEmptyReferenceInRougeAsTheReferenceDoes() {
    // "".split(" ") is [""], so an empty candidate and an empty reference share one token.
    CaptionScores s = SCORER.score(Map.of("1", List.of("", "a b")), Map.of("1", ""));
    assertThat(s.get("ROUGE_L")).isEqualTo(1.0);
  }

  @Test
  void singleImageHasZeroCiderAndOrdinaryBleu() {
    CaptionScores s = SCORER.score(Map.of("1", List.of("a b c d")), Map.of("1", "a b c d"));
    assertThat(s.get("CIDEr")).isEqualTo(0.0);
    assertThat(s.get("Bleu_4")).isCloseTo(1.0, within(1e-9));
    assertThat(s.overall().keySet()).containsExactlyElementsOf(CaptionScores.METRICS);
  }

  @Test
  void perImageOrderFollowsCandidates() {
    Map<String, List<String>> refs = new HashMap<>();
    List<String> order = new ArrayList<>();
    Map<String, String> cands = new LinkedHashMap<>();
    for (int i = 20; i > 0; i--) {
      refs.put("img" + i, List.of("caption number " + i));
      cands.put("img" + i, "caption " + i);
      order.add("img" + i);
    }
    assertThat(SCORER.score(refs, cands).perImage().keySet()).containsExactlyElementsOf(order);
  }

  @Test
  void candidateWithoutReferencesIsRejected() {
    assertThatThrownBy(() -> SCORER.score(Map.of("1", List.of("a")), Map.of("2", "a")))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("image 2")
        .hasMessageContaining("no reference captions");
    assertThatThrownBy(() -> SCORER.score(Map.of("1", List.of()), Map.of("1", "a")))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("image 1");
  }

  @Test
  void emptyInputIsRejected() {
    assertThatThrownBy(() -> SCORER.score(Map.of("1", List.of("a")), Map.of()))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("no candidate captions");
    assertThatThrownBy(() -> CaptionScorer.candidatesFromResults(List.of()))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void duplicateResultsForAnImageAreRejected() {
    List<CaptionResult> results =
        List.of(
            new CaptionResult("7", "a cat"),
            new CaptionResult("8", "a dog"),
            new CaptionResult("7", "another cat"));
    assertThatThrownBy(() -> CaptionScorer.candidatesFromResults(results))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("image 7 has more than one result (entry 2)");
    Map<String, String> ok = CaptionScorer.candidatesFromResults(results.subList(0, 2));
    assertThat(ok).containsExactly(Map.entry("7", "a cat"), Map.entry("8", "a dog"));
  }

  @Test
  void nullCaptionsAreRejected() {
    Map<String, String> cands = new HashMap<>();
    cands.put("1", null);
    assertThatThrownBy(() -> SCORER.score(Map.of("1", List.of("a")), cands))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("image 1: the candidate caption is null");
    List<String> refs = new ArrayList<>();
    refs.add(null);
    assertThatThrownBy(() -> SCORER.score(Map.of("1", refs), Map.of("1", "a")))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("reference caption 0 is null");
  }
}
