package ai.taskaware.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.taskaware.core.provenance.ResultFile;
import ai.taskaware.metrics.caption.CaptionScorer;
import ai.taskaware.metrics.caption.CaptionScores;
import ai.taskaware.metrics.caption.CaptionTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code score-captions} on small COCO-format files: the written scores are the metrics module's
 * for the same captions, per image and overall, with provenance; bad files exit 1 naming the field.
 */
class ScoreCaptionsCommandTest {

  private static final String ANNOTATIONS =
      """
      {"images": [{"id": 1}, {"id": 2}, {"id": 3}],
       "annotations": [
        {"image_id": 1, "id": 10, "caption": "A black cat sits on a red sofa."},
        {"image_id": 1, "id": 11, "caption": "A cat lying on the couch."},
        {"image_id": 2, "id": 12, "caption": "Two dogs run across a grassy field."},
        {"image_id": 2, "id": 13, "caption": "Dogs playing in the park."},
        {"image_id": 3, "id": 14, "caption": "A man rides a bicycle down the street."}]}
      """;

  private static final String RESULTS =
      """
      [{"image_id": 1, "caption": "A black cat sits on a red sofa."},
       {"image_id": 2, "caption": "a dog runs in a field"},
       {"image_id": 3, "caption": "a person riding a bike on a road"}]
      """;

  private static CliRun score(Path dir, String annotations, String results, String... extra)
      throws Exception {
    Path a = dir.resolve("annotations.json");
    Path r = dir.resolve("results.json");
    Files.writeString(a, annotations);
    Files.writeString(r, results);
    String[] base = {
      "score-captions",
      "--annotations",
      a.toString(),
      "--results",
      r.toString(),
      "--out",
      dir.resolve("scores.json").toString()
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRun.of(args);
  }

  @Test
  void writesTheMetricsModulesScoresWithProvenance(@TempDir Path dir) throws Exception {
    CliRun run = score(dir, ANNOTATIONS, RESULTS);
    assertThat(run.exitCode()).as(run.toString()).isZero();

    Map<String, List<String>> refs = new LinkedHashMap<>();
    refs.put("1", List.of("A black cat sits on a red sofa.", "A cat lying on the couch."));
    refs.put("2", List.of("Two dogs run across a grassy field.", "Dogs playing in the park."));
    refs.put("3", List.of("A man rides a bicycle down the street."));
    Map<String, String> candidates = new LinkedHashMap<>();
    candidates.put("1", "A black cat sits on a red sofa.");
    candidates.put("2", "a dog runs in a field");
    candidates.put("3", "a person riding a bike on a road");
    CaptionScores expected = new CaptionScorer(CaptionTokenizer.ptb()).score(refs, candidates);

    Path out = dir.resolve("scores.json");
    JsonNode results = ResultFile.readResults(out);
    for (String key : CaptionScores.METRICS) {
      assertThat(results.get(key).asDouble()).as(key).isEqualTo(expected.get(key));
      for (String image : candidates.keySet()) {
        assertThat(results.get("per_image").get(image).get(key).asDouble())
            .as(image + " " + key)
            .isEqualTo(expected.perImage().get(image).get(key));
      }
    }
    // image 1's candidate equals one of its references
    assertThat(results.get("per_image").get("1").get("Bleu_1").asDouble())
        .isCloseTo(1, within(1e-6));
    assertThat(results.get("per_image").get("1").get("ROUGE_L").asDouble())
        .isCloseTo(1, within(1e-9));
    assertThat(ResultFile.readProvenance(out).component()).isEqualTo("taskaware score-captions");
    assertThat(run.out()).contains("CIDEr");
  }

  @Test
  void metricsAndTokenizerCanBeChosen(@TempDir Path dir) throws Exception {
    CliRun run = score(dir, ANNOTATIONS, RESULTS, "--metrics", "rouge", "--tokenizer", "none");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode results = ResultFile.readResults(dir.resolve("scores.json"));
    List<String> keys = new java.util.ArrayList<>();
    results.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("ROUGE_L", "per_image");
    assertThat(ResultFile.readProvenance(dir.resolve("scores.json")).options())
        .containsEntry("tokenizer", "none");
  }

  @Test
  void spiceWritesPycocoevalcapsKeysAndTheCategoryBreakdown(@TempDir Path dir) throws Exception {
    Path coreNlp = Path.of(System.getProperty("taskaware.corenlp"));
    Path cache = dir.resolve("spice/parses.jsonl");
    CliRun run =
        score(
            dir,
            ANNOTATIONS,
            RESULTS,
            "--metrics",
            "cider,spice",
            "--corenlp",
            coreNlp.toString(),
            "--spice-cache",
            cache.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode results = ResultFile.readResults(dir.resolve("scores.json"));
    // header + the distinct PTB-tokenized captions (image 1's candidate is one of its references)
    List<String> cached = Files.readAllLines(cache);
    assertThat(cached).hasSize(1 + 5 + 2);

    // a second run parses nothing new and writes the same scores
    Path again = Files.createDirectories(dir.resolve("again"));
    CliRun rerun =
        score(
            again,
            ANNOTATIONS,
            RESULTS,
            "--metrics",
            "cider,spice",
            "--corenlp",
            coreNlp.toString(),
            "--spice-cache",
            cache.toString());
    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    assertThat(Files.readAllLines(cache)).isEqualTo(cached);
    assertThat(ResultFile.readResults(again.resolve("scores.json"))).isEqualTo(results);
    List<String> keys = new java.util.ArrayList<>();
    results.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("CIDEr", "SPICE", "SPICE_categories", "per_image");

    // the same numbers as the metrics module on the same captions
    Map<String, List<String>> refs = new LinkedHashMap<>();
    refs.put("1", List.of("A black cat sits on a red sofa.", "A cat lying on the couch."));
    refs.put("2", List.of("Two dogs run across a grassy field.", "Dogs playing in the park."));
    refs.put("3", List.of("A man rides a bicycle down the street."));
    Map<String, String> candidates = new LinkedHashMap<>();
    candidates.put("1", "A black cat sits on a red sofa.");
    candidates.put("2", "a dog runs in a field");
    candidates.put("3", "a person riding a bike on a road");
    CaptionScores expected;
    try (var spice = ai.taskaware.metrics.spice.SpiceScorer.open(coreNlp)) {
      expected =
          new CaptionScorer(CaptionTokenizer.ptb())
              .withSpice(spice, (done, total) -> {})
              .score(refs, candidates);
    }
    assertThat(results.get("SPICE").asDouble()).isEqualTo(expected.get("SPICE"));
    assertThat(results.get("SPICE").asDouble()).isBetween(0.0, 1.0);
    JsonNode image1 = results.get("per_image").get("1").get("SPICE");
    assertThat(image1.get("All").get("f").asDouble())
        .isEqualTo(expected.perImage().get("1").get("SPICE"));
    // the candidate of image 1 is one of its references: every candidate tuple matches
    assertThat(image1.get("All").get("pr").asDouble()).isEqualTo(1.0);
    assertThat(image1.get("Color").get("f").asDouble()).isEqualTo(1.0);
    // no size word in image 1's references: SPICE 1.0's NaN, written as null
    assertThat(image1.get("Size").get("f").isNull()).isTrue();
    assertThat(results.get("SPICE_categories").get("Object").get("numImages").asInt()).isEqualTo(3);
    assertThat(ResultFile.readProvenance(dir.resolve("scores.json")).options())
        .containsKey("corenlp");
  }

  @Test
  void badFilesAndOptionsExitOneNamingTheField(@TempDir Path dir) throws Exception {
    CliRun noCaption =
        score(dir, "{\"annotations\": [{\"image_id\": 1, \"caption\": 3}]}", RESULTS);
    assertThat(noCaption.exitCode()).isEqualTo(1);
    assertThat(noCaption.err())
        .contains("annotations.json: annotations[0].caption: expected a string");

    CliRun notAList = score(dir, ANNOTATIONS, "{\"image_id\": 1}");
    assertThat(notAList.exitCode()).isEqualTo(1);
    assertThat(notAList.err()).contains("results.json: expected a JSON array");

    CliRun unknownImage = score(dir, ANNOTATIONS, "[{\"image_id\": 99, \"caption\": \"a cat\"}]");
    assertThat(unknownImage.exitCode()).isEqualTo(1);
    assertThat(unknownImage.err()).contains("image_id 99 has no caption in");

    CliRun badJson = score(dir, "{\"annotations\": [", RESULTS);
    assertThat(badJson.exitCode()).isEqualTo(1);
    assertThat(badJson.err()).contains("annotations.json: not valid JSON");

    CliRun meteor = score(dir, ANNOTATIONS, RESULTS, "--metrics", "bleu,meteor");
    assertThat(meteor.exitCode()).isEqualTo(1);
    assertThat(meteor.err())
        .contains("--metrics meteor: expected any of bleu, rouge, cider, spice");

    Path noCoreNlp = dir.resolve("no-corenlp");
    CliRun spice =
        score(dir, ANNOTATIONS, RESULTS, "--metrics", "spice", "--corenlp", noCoreNlp.toString());
    assertThat(spice.exitCode()).isEqualTo(1);
    assertThat(spice.err())
        .contains("--metrics spice: SPICE: CoreNLP folder")
        .contains(
            "mvn dependency:copy -Dartifact=edu.stanford.nlp:stanford-corenlp:4.5.10:jar:models");

    CliRun tokenizer = score(dir, ANNOTATIONS, RESULTS, "--tokenizer", "bpe");
    assertThat(tokenizer.exitCode()).isEqualTo(1);
    assertThat(tokenizer.err()).contains("--tokenizer bpe: expected ptb or none");
  }
}
