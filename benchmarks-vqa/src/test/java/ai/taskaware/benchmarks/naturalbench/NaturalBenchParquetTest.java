package ai.taskaware.benchmarks.naturalbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.benchmarks.Fixtures;
import ai.taskaware.benchmarks.ParquetFixtures;
import ai.taskaware.benchmarks.harness.RunSettings;
import ai.taskaware.benchmarks.io.BenchmarkDataException;
import ai.taskaware.benchmarks.io.ImageSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NaturalBench read from Parquet shards laid out as the hub's snapshot of BaiqiL/NaturalBench. */
class NaturalBenchParquetTest {

  @TempDir Path dir;

  /** The JSON Lines fixture's rows with the images embedded as PNG bytes (dark 0, bright 1). */
  private static List<Map<String, Object>> rows() {
    return ParquetFixtures.rowsOf(
        "/naturalbench/naturalbench.jsonl",
        Set.of("Image_0", "Image_1"),
        (column, path) -> ParquetFixtures.png(column.equals("Image_0") ? 30 : 220));
  }

  /** Writes {@code data/train-0000k-of-00002.parquet}: rows 0–1, then row 2. */
  private Path snapshot(Consumer<List<Map<String, Object>>> edit) {
    Path root = dir.resolve("NaturalBench");
    List<Map<String, Object>> rows = rows();
    edit.accept(rows);
    ParquetFixtures.write(
        root.resolve("data/train-00001-of-00002.parquet"), new ArrayList<>(rows.subList(2, 3)));
    ParquetFixtures.write(
        root.resolve("data/train-00000-of-00002.parquet"), new ArrayList<>(rows.subList(0, 2)));
    return root;
  }

  @Test
  void hubShardsLoadAsTheExportDoesWithEmbeddedImages() {
    List<NaturalBenchSample> samples = NaturalBenchDataset.load(snapshot(rows -> {}));
    assertThat(samples).extracting(NaturalBenchSample::index).containsExactly("0", "1", "2");
    assertThat(samples.get(0).prompt(0)).isEqualTo("Is the cat dark?Please answer Yes or No.");
    assertThat(samples.get(1).type()).isEqualTo(QuestionType.MULTIPLE_CHOICE);
    assertThat(samples.get(2).type()).isEqualTo(QuestionType.YES_NO);
    assertThat(samples.get(0).source()).isEqualTo("synthetic");
    assertThat(samples.get(1).source()).isEmpty();
    assertThat(samples.get(1).answers()).isEqualTo(List.of(List.of("A", "B"), List.of("B", "A")));
    ImageSource bright = samples.get(2).images().get(1);
    assertThat(bright.path()).isEmpty();
    assertThat(Fixtures.grey(bright.read("test"))).isEqualTo(220.0);
    assertThat(Fixtures.grey(samples.get(0).images().get(0).read("test"))).isEqualTo(30.0);
  }

  @Test
  void runnerEndToEndOnHubShards() {
    List<NaturalBenchSample> samples = NaturalBenchDataset.load(snapshot(rows -> {}));
    List<String> prompts = new ArrayList<>();
    Fixtures.ScriptedVqaModel model = NaturalBenchTest.shadeModel(prompts);
    RunSettings settings = Fixtures.settings(dir.resolve("out"), false);
    NaturalBenchScores scores = NaturalBenchRunner.run(model, samples, Fixtures.GREEDY, settings);
    assertThat(scores).isEqualTo(new NaturalBenchScores(1, 1, 1, 1, 3, 0));
    assertThat(model.calls()).isEqualTo(12);
    assertThat(prompts.get(2)).isEqualTo("Is the cat bright?Please answer Yes or No.");
  }

  @Test
  void missingColumnWrongTypeAndUnembeddedImageNameFileRowAndColumn() {
    assertThatThrownBy(
            () ->
                NaturalBenchDataset.load(
                    snapshot(rows -> rows.forEach(r -> r.remove("Question_1")))))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("train-00000-of-00002.parquet, row 0 (Index 0), field 'Question_1'")
        .hasMessageContaining("missing column");
    assertThatThrownBy(
            () ->
                NaturalBenchDataset.load(
                    snapshot(
                        rows ->
                            rows.get(2)
                                .put("Question_0", new ParquetFixtures.Typed(7L, "BIGINT")))))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("train-00001-of-00002.parquet, row 0 (Index 2), field 'Question_0'")
        .hasMessageContaining("expected a string, the column is BIGINT");
    assertThatThrownBy(
            () ->
                NaturalBenchDataset.load(
                    snapshot(
                        rows ->
                            rows.get(1).put("Image_1", new ParquetFixtures.PathOnly("1_1.png")))))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("row 1 (Index 1), field 'Image_1'")
        .hasMessageContaining("stored by path '1_1.png'");
    assertThatThrownBy(() -> NaturalBenchDataset.load(dir.resolve("empty")))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("data/train-*.parquet");
  }

  @Test
  void undecodableEmbeddedImageFailsTheRunNamingFileRowAndColumn() {
    List<NaturalBenchSample> samples =
        NaturalBenchDataset.load(
            snapshot(rows -> rows.get(1).put("Image_1", "not an image".getBytes())));
    RunSettings settings = Fixtures.settings(dir.resolve("out"), false);
    assertThatThrownBy(
            () ->
                NaturalBenchRunner.run(
                    NaturalBenchTest.shadeModel(new ArrayList<>()),
                    samples,
                    Fixtures.GREEDY,
                    settings))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("train-00000-of-00002.parquet, row 1 (Index 1), field 'Image_1'")
        .hasMessageContaining("cannot be decoded");
  }
}
