package ai.taskaware.metrics.caption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 300 images with 1–5 generated references each (punctuation, possessives, dashes, brackets, empty
 * candidates, candidates equal to a reference), scored by pycocoevalcap's BLEU, ROUGE-L and CIDEr
 * code under numpy 2.4 after tokenization by the CoreNLP 3.4.1 command line as {@code
 * ptbtokenizer.py} runs it. The expected numbers are in {@code caption/pycocoevalcap_300.json}.
 */
class PycocoevalcapParityTest {
  private static final double TOLERANCE = 1e-12;
  private static Fixture fixture;
  private static CaptionScores scores;

  record Fixture(
      Map<String, List<String>> references,
      Map<String, String> candidates,
      Map<String, String> tokenizedCandidates,
      Map<String, Double> overall,
      Map<String, Map<String, Double>> perImage) {}

  @BeforeAll
  static void score() throws IOException {
    try (InputStream in =
        PycocoevalcapParityTest.class.getResourceAsStream("/caption/pycocoevalcap_300.json")) {
      Map<String, Object> raw = new ObjectMapper().readValue(in, new TypeReference<>() {});
      ObjectMapper mapper = new ObjectMapper();
      fixture =
          new Fixture(
              mapper.convertValue(
                  raw.get("references"),
                  new TypeReference<LinkedHashMap<String, List<String>>>() {}),
              mapper.convertValue(
                  raw.get("candidates"), new TypeReference<LinkedHashMap<String, String>>() {}),
              mapper.convertValue(
                  raw.get("tokenized_candidates"),
                  new TypeReference<LinkedHashMap<String, String>>() {}),
              mapper.convertValue(
                  raw.get("overall"), new TypeReference<LinkedHashMap<String, Double>>() {}),
              mapper.convertValue(
                  raw.get("per_image"),
                  new TypeReference<LinkedHashMap<String, Map<String, Double>>>() {}));
    }
    scores = new CaptionScorer().score(fixture.references(), fixture.candidates());
  }

  @Test
  void tokenizedCandidatesEqualTheReferencePipeline() {
    List<String> ids = new ArrayList<>(fixture.candidates().keySet());
    List<String> tokenized =
        CaptionTokenizer.ptb().tokenize(ids.stream().map(fixture.candidates()::get).toList());
    for (int i = 0; i < ids.size(); i++) {
      assertThat(tokenized.get(i))
          .as(ids.get(i))
          .isEqualTo(fixture.tokenizedCandidates().get(ids.get(i)));
    }
  }

  @Test
  void corpusScoresEqualPycocoevalcap() {
    assertThat(scores.overall().keySet()).containsExactlyElementsOf(CaptionScores.METRICS);
    for (String metric : CaptionScores.METRICS) {
      assertThat(scores.get(metric))
          .as(metric)
          .isCloseTo(fixture.overall().get(metric), within(TOLERANCE));
    }
  }

  @Test
  void perImageScoresEqualPycocoevalcap() {
    assertThat(scores.perImage().keySet()).containsExactlyElementsOf(fixture.perImage().keySet());
    fixture
        .perImage()
        .forEach(
            (id, expected) ->
                expected.forEach(
                    (metric, value) ->
                        assertThat(scores.perImage().get(id).get(metric))
                            .as(id + " " + metric)
                            .isCloseTo(value, within(TOLERANCE))));
  }
}
