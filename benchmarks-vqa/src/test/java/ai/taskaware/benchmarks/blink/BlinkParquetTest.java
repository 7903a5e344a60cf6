package ai.taskaware.benchmarks.blink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.benchmarks.Fixtures;
import ai.taskaware.benchmarks.ParquetFixtures;
import ai.taskaware.benchmarks.io.BenchmarkDataException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BLINK val read from Parquet laid out as the hub's snapshot of BLINK-Benchmark/BLINK. */
class BlinkParquetTest {

  private static final Set<String> IMAGES = Set.of("image_1", "image_2", "image_3", "image_4");

  @TempDir Path dir;

  /** {@code <Subtask>/val-00000-of-00001.parquet} from the JSON Lines fixtures, images embedded. */
  private Path snapshot(Consumer<List<Map<String, Object>>> editCounting) {
    Path root = dir.resolve("BLINK");
    for (String task : List.of("Art_Style", "Counting")) {
      List<Map<String, Object>> rows =
          ParquetFixtures.rowsOf(
              "/blink/" + task + "/val.jsonl",
              IMAGES,
              (column, path) -> ParquetFixtures.png(40 * Integer.parseInt(column.substring(6))));
      if (task.equals("Counting")) {
        editCounting.accept(rows);
      }
      ParquetFixtures.write(root.resolve(task + "/val-00000-of-00001.parquet"), rows);
    }
    return root;
  }

  @Test
  void hubShardsLoadAndRunAsTheExportDoes() throws Exception {
    Path root = snapshot(rows -> {});
    List<BlinkQuestion> fromParquet = BlinkDataset.load(root, List.of("Art_Style", "Counting"));
    assertThat(fromParquet)
        .extracting(BlinkQuestion::idx)
        .containsExactly("val_Art_Style_1", "val_Art_Style_2", "val_Counting_1", "val_Counting_2");
    assertThat(fromParquet.get(0).images()).hasSize(3);
    assertThat(fromParquet.get(2).images()).hasSize(1);
    assertThat(fromParquet.get(2).choices()).containsExactly("0", "2", "3", "1");
    assertThat(fromParquet.get(2).prompt()).startsWith("How many cups are in the image?\nSelect");
    assertThat(Fixtures.grey(fromParquet.get(0).images().get(2).read("test"))).isEqualTo(120.0);

    BlinkScores scores =
        BlinkRunner.run(
            BlinkTest.model(new ArrayList<>()),
            new BlinkTest.ScriptedMatcher(),
            fromParquet,
            Fixtures.GREEDY,
            Fixtures.settings(dir.resolve("out"), false));
    // as runnerEndToEndWithAndWithoutTheMatcher on the folder export
    assertThat(scores.perTask()).containsEntry("Art_Style", 1.0).containsEntry("Counting", 0.5);
  }

  @Test
  void errorsNameFileRowAndColumn() {
    assertThatThrownBy(
            () ->
                BlinkDataset.load(
                    snapshot(rows -> rows.forEach(r -> r.put("choices", "2, 4"))),
                    List.of("Counting")))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("Counting/val-00000-of-00001.parquet, row 0 (idx val_Counting_1)")
        .hasMessageContaining("field 'choices': expected a list of strings, the column is VARCHAR");
    assertThatThrownBy(
            () ->
                BlinkDataset.load(
                    snapshot(rows -> rows.forEach(r -> r.remove("image_4"))), List.of("Counting")))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("row 0 (idx val_Counting_1), field 'image_4': missing column");
    assertThatThrownBy(
            () ->
                BlinkDataset.load(
                    snapshot(rows -> rows.get(0).put("image_1", null)), List.of("Counting")))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("at least one image");
    assertThatThrownBy(() -> BlinkDataset.load(snapshot(rows -> {}), List.of("Jigsaw")))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("no BLINK val data for Jigsaw");
  }
}
