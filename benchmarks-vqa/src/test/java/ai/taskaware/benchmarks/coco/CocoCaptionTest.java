package ai.taskaware.benchmarks.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.benchmarks.Fixtures;
import ai.taskaware.benchmarks.harness.RunSettings;
import ai.taskaware.benchmarks.io.BenchmarkDataException;
import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.model.Captioner;
import ai.taskaware.core.provenance.ResultFile;
import ai.taskaware.metrics.caption.CaptionScorer;
import ai.taskaware.metrics.caption.CaptionScores;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CocoCaptionTest {

  @TempDir Path dir;

  /** Grey level of image {@code id}: dark for odd ids, bright for even ones. */
  private static int grey(int id) {
    return id % 2 == 1 ? 30 + id : 200 + id;
  }

  private static final String COCO_FORMAT =
      """
      {"info": {}, "images": [
        {"id": 11, "file_name": "COCO_val2014_000000000011.jpg", "width": 8, "height": 8},
        {"id": 12, "file_name": "COCO_val2014_000000000012.jpg"},
        {"id": 13, "file_name": "COCO_val2014_000000000013.jpg"},
        {"id": 14}],
       "annotations": [
        {"image_id": 11, "id": 1, "caption": "A black cat sleeping on a dark sofa."},
        {"image_id": 12, "id": 2, "caption": "A white dog running on the beach."},
        {"image_id": 11, "id": 3, "caption": "a dark cat lying on a couch"},
        {"image_id": 13, "id": 4, "caption": "A black cat sitting by the window."},
        {"image_id": 14, "id": 5, "caption": "A white dog playing in the snow."},
        {"image_id": 12, "id": 6, "caption": "a bright white dog on the sand"},
        {"image_id": 13, "id": 7, "caption": "a dark cat near a window"},
        {"image_id": 14, "id": 8, "caption": "a white dog in the snow"}]}
      """;

  private Path cocoDataset() throws Exception {
    Path root = dir.resolve("coco");
    Files.createDirectories(root);
    Files.writeString(root.resolve("captions_val2014.json"), COCO_FORMAT);
    for (int id = 11; id <= 14; id++) {
      Fixtures.image(root.resolve(String.format("val2014/COCO_val2014_%012d.jpg", id)), grey(id));
    }
    // id 14 has no file_name: found as val2014/COCO_val2014_000000000014.jpg
    return root;
  }

  private List<CocoImage> images() throws Exception {
    Path root = cocoDataset();
    Path annotations = root.resolve("captions_val2014.json");
    String text =
        Files.readString(annotations).replace("\"COCO_val2014_", "\"val2014/COCO_val2014_");
    Files.writeString(annotations, text);
    return CocoCaptionDataset.load(annotations, root);
  }

  /** Describes the image by its shade, or repeats a non-empty prompt (a leaking model). */
  static final class ShadeCaptioner implements Captioner {
    final boolean copiesPrompt;
    final int failAfter;
    final AtomicInteger calls = new AtomicInteger();
    final List<String> prompts = new ArrayList<>();

    ShadeCaptioner(boolean copiesPrompt, int failAfter) {
      this.copiesPrompt = copiesPrompt;
      this.failAfter = failAfter;
    }

    @Override
    public synchronized String caption(RgbImage image, String conditioningPrompt) {
      if (calls.get() >= failAfter) {
        throw new IllegalStateException("simulated kill after " + failAfter + " captions");
      }
      calls.incrementAndGet();
      prompts.add(conditioningPrompt);
      if (copiesPrompt && !conditioningPrompt.isEmpty()) {
        return conditioningPrompt;
      }
      return Fixtures.grey(image) < 128
          ? "a black cat on a dark couch"
          : "a white dog on the beach";
    }

    @Override
    public void close() {}
  }

  @Test
  void loadsCocoFormatInImageOrderWithCaptionsInAnnotationOrder() throws Exception {
    List<CocoImage> images = images();
    assertThat(images).extracting(CocoImage::imageId).containsExactly("11", "12", "13", "14");
    assertThat(images.get(0).references())
        .containsExactly("A black cat sleeping on a dark sofa.", "a dark cat lying on a couch");
    assertThat(images.get(3).image().path().orElseThrow())
        .endsWith(Path.of("val2014/COCO_val2014_000000000014.jpg"));
    assertThat(Fixtures.grey(images.get(1).image().read("test")))
        .isCloseTo(212, org.assertj.core.api.Assertions.within(2.0));
  }

  @Test
  void loadsTheKarpathyTestSplitOfDatasetCoco() throws Exception {
    Path root = cocoDataset();
    Path file = root.resolve("dataset_coco.json");
    Files.writeString(
        file,
        """
        {"dataset": "coco", "images": [
          {"filepath": "val2014", "filename": "COCO_val2014_000000000011.jpg", "imgid": 0,
           "split": "test", "cocoid": 11, "sentids": [0, 1],
           "sentences": [{"tokens": ["a", "cat"], "raw": "A cat.", "imgid": 0, "sentid": 0},
                         {"tokens": ["a", "black", "cat"], "raw": "A black cat", "imgid": 0, "sentid": 1}]},
          {"filepath": "val2014", "filename": "COCO_val2014_000000000012.jpg", "imgid": 1,
           "split": "restval", "cocoid": 12, "sentences": [{"raw": "A dog."}]},
          {"filepath": "val2014", "filename": "COCO_val2014_000000000013.jpg", "imgid": 2,
           "split": "test", "cocoid": 13, "sentences": [{"raw": "A cat by a window."}]}]}
        """);
    List<CocoImage> test = CocoCaptionDataset.load(file, root);
    assertThat(test).extracting(CocoImage::imageId).containsExactly("11", "13");
    assertThat(test.get(0).references()).containsExactly("A cat.", "A black cat");
    assertThat(CocoCaptionDataset.load(file, root, "restval"))
        .extracting(CocoImage::imageId)
        .containsExactly("12");
    assertThatThrownBy(() -> CocoCaptionDataset.load(file, root, "val"))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("no images in split 'val'");
  }

  @Test
  void badAnnotationsAreTypedErrorsNamingTheRecord() throws Exception {
    Path root = cocoDataset();
    Path file = root.resolve("captions_val2014.json");
    Files.writeString(
        file, COCO_FORMAT.replace("{\"image_id\": 13, \"id\": 7", "{\"image_id\": 99, \"id\": 7"));
    assertThatThrownBy(() -> CocoCaptionDataset.load(file, root))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("annotations[6]")
        .hasMessageContaining("image 99 is not in \"images\"");
    Files.writeString(file, COCO_FORMAT);
    // the file names lack the val2014/ folder: the first image file is missing
    assertThatThrownBy(() -> CocoCaptionDataset.load(file, root))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("images[0] (id 11)")
        .hasMessageContaining("file_name");
    Files.writeString(
        file, COCO_FORMAT.replace("\"COCO_val2014_000000000011.jpg\"", "\"../x.jpg\""));
    assertThatThrownBy(() -> CocoCaptionDataset.load(file, root))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("outside");
    Files.writeString(file, "{\"images\": [], \"annotations\": []}");
    assertThatThrownBy(() -> CocoCaptionDataset.load(file, root))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("no images");
  }

  @Test
  void mismatchedPromptsAreASeededDerangement() throws Exception {
    List<CocoImage> images = images();
    List<CaptionPrompts.Assignment> a = CaptionPrompts.mismatchedCaption(7).assign(images);
    assertThat(a).isEqualTo(CaptionPrompts.mismatchedCaption(7).assign(images));
    Set<String> sources = new HashSet<>();
    for (int i = 0; i < images.size(); i++) {
      String sourceId = a.get(i).sourceImageId();
      CocoImage source =
          images.stream().filter(im -> im.imageId().equals(sourceId)).findFirst().orElseThrow();
      assertThat(source.imageId()).isNotEqualTo(images.get(i).imageId());
      assertThat(a.get(i).prompt()).isEqualTo(source.references().get(0));
      sources.add(source.imageId());
    }
    assertThat(sources).hasSize(images.size());
    for (long seed = 0; seed < 20; seed++) {
      int[] d = CaptionPrompts.derangement(50, seed);
      assertThat(Arrays.stream(d).sorted().toArray())
          .isEqualTo(java.util.stream.IntStream.range(0, 50).toArray());
      for (int i = 0; i < d.length; i++) {
        assertThat(d[i]).isNotEqualTo(i);
      }
    }
    assertThat(CaptionPrompts.derangement(50, 1)).isNotEqualTo(CaptionPrompts.derangement(50, 2));
    assertThat(CaptionPrompts.ownCaption().assign(images).get(2).prompt())
        .isEqualTo("A black cat sitting by the window.");
    assertThatThrownBy(() -> CaptionPrompts.mismatchedCaption(0).assign(images.subList(0, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least two images");
  }

  private static CaptionScores direct(List<CocoImage> images, Path predictions) {
    JsonNode records = ResultFile.readResults(predictions);
    Map<String, List<String>> refs = new LinkedHashMap<>();
    Map<String, String> cands = new LinkedHashMap<>();
    for (int i = 0; i < images.size(); i++) {
      refs.put(images.get(i).imageId(), images.get(i).references());
      cands.put(records.get(i).get("imageId").asText(), records.get(i).get("caption").asText());
    }
    return new CaptionScorer().score(refs, cands);
  }

  @Test
  void runnerScoresEqualCaptionScorerAndTheLeakageStudyShowsUp() throws Exception {
    List<CocoImage> images = images();
    RunSettings plain = Fixtures.settings(dir.resolve("plain"), false);
    CaptionScores none =
        CocoCaptionRunner.run(new ShadeCaptioner(true, 100), images, CaptionPrompts.none(), plain);
    assertThat(none).isEqualTo(direct(images, plain.predictionsFile()));
    assertThat(none.get("CIDEr")).isGreaterThan(0);
    assertThat(ResultFile.readResults(plain.summaryFile()).get("overall").get("CIDEr").asDouble())
        .isEqualTo(none.get("CIDEr"));
    JsonNode report = ResultFile.readResults(plain.outputDir().resolve("report.json"));
    assertThat(report.get("overall.CIDEr").get("estimate").asDouble()).isEqualTo(none.get("CIDEr"));
    assertThat(report.get("overall.Bleu_4").get("estimate").asDouble())
        .isEqualTo(none.get("Bleu_4"));

    ShadeCaptioner leaking = new ShadeCaptioner(true, 100);
    RunSettings mismatched = Fixtures.settings(dir.resolve("mismatched"), false);
    CaptionScores wrong =
        CocoCaptionRunner.run(leaking, images, CaptionPrompts.mismatchedCaption(3), mismatched);
    assertThat(wrong).isEqualTo(direct(images, mismatched.predictionsFile()));
    List<CaptionPrompts.Assignment> assigned = CaptionPrompts.mismatchedCaption(3).assign(images);
    assertThat(leaking.prompts)
        .containsExactlyElementsOf(
            assigned.stream().map(CaptionPrompts.Assignment::prompt).toList());
    String firstLog = Files.readAllLines(mismatched.logFile()).get(0);
    assertThat(firstLog).contains("\"promptSource\":\"" + assigned.get(0).sourceImageId() + "\"");

    RunSettings own = Fixtures.settings(dir.resolve("own"), false);
    CaptionScores copied =
        CocoCaptionRunner.run(
            new ShadeCaptioner(true, 100), images, CaptionPrompts.ownCaption(), own);
    // a model that copies its prompt looks perfect with its own caption and collapses with
    // another's
    assertThat(copied.get("CIDEr")).isGreaterThan(none.get("CIDEr"));
    assertThat(wrong.get("CIDEr")).isLessThan(copied.get("CIDEr"));
    assertThat(ResultFile.readProvenance(own.summaryFile()).toString()).contains("OWN_CAPTION");
  }

  @Test
  void resumedRunGivesTheUninterruptedResultAndRejectsOtherPrompts() throws Exception {
    List<CocoImage> images = images();
    RunSettings whole = Fixtures.settings(dir.resolve("whole"), false);
    CaptionScores expected =
        CocoCaptionRunner.run(
            new ShadeCaptioner(false, 100), images, CaptionPrompts.fixed("a photo of"), whole);

    RunSettings killed = Fixtures.settings(dir.resolve("killed"), false);
    assertThatThrownBy(
            () ->
                CocoCaptionRunner.run(
                    new ShadeCaptioner(false, 2),
                    images,
                    CaptionPrompts.fixed("a photo of"),
                    killed))
        .hasMessageContaining("simulated kill");
    assertThat(Files.readAllLines(killed.logFile())).hasSize(2);
    ShadeCaptioner rest = new ShadeCaptioner(false, 100);
    RunSettings resumed = Fixtures.settings(dir.resolve("killed"), true);
    CaptionScores again =
        CocoCaptionRunner.run(rest, images, CaptionPrompts.fixed("a photo of"), resumed);
    assertThat(rest.calls.get()).isEqualTo(2);
    assertThat(again).isEqualTo(expected);
    assertThat(ResultFile.readResults(resumed.outputDir().resolve("report.json")))
        .isEqualTo(ResultFile.readResults(whole.outputDir().resolve("report.json")));

    assertThatThrownBy(
            () ->
                CocoCaptionRunner.run(
                    new ShadeCaptioner(false, 100), images, CaptionPrompts.none(), resumed))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("other prompt settings");
  }
}
