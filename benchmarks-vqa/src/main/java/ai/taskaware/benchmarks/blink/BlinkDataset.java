package ai.taskaware.benchmarks.blink;

import ai.taskaware.benchmarks.io.BenchmarkDataException;
import ai.taskaware.benchmarks.io.DatasetRoot;
import ai.taskaware.benchmarks.io.DatasetRow;
import ai.taskaware.benchmarks.io.ImageSource;
import ai.taskaware.benchmarks.io.JsonFiles;
import ai.taskaware.benchmarks.io.JsonRecord;
import ai.taskaware.benchmarks.io.ParquetTable;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads BLINK val as the Hugging Face hub publishes it (Parquet per subtask) or as a folder export
 * (see the package documentation), and answer files.
 */
public final class BlinkDataset {

  private BlinkDataset() {}

  /**
   * Loads the val questions of {@code subtasks}, subtask by subtask in the order given. For each
   * subtask, {@code root/<Subtask>/val.jsonl} (the folder export) is read when present, else the
   * hub's shards {@code root/<Subtask>/val-*.parquet} (or the converted {@code
   * root/<Subtask>/val/*.parquet}).
   *
   * @throws BenchmarkDataException on an unknown subtask name, a subtask with neither layout, a
   *     malformed line or row, a missing column, a question of another subtask, a path leaving the
   *     root or a missing image
   */
  public static List<BlinkQuestion> load(Path root, List<String> subtasks) {
    DatasetRoot dataset = new DatasetRoot(root);
    List<BlinkQuestion> questions = new ArrayList<>();
    for (String subtask : subtasks) {
      BlinkSubtasks.require(subtask, dataset.root(), "subtask list");
      Path folder = dataset.root().resolve(subtask);
      Path export = folder.resolve("val.jsonl");
      if (Files.isRegularFile(export)) {
        for (JsonRecord record : JsonFiles.readLines(export)) {
          JsonRecord located =
              new JsonRecord(
                  export, record.location() + " (idx " + record.text("idx") + ")", record.node());
          questions.add(
              question(
                  located,
                  subtask,
                  export,
                  field ->
                      located
                          .optionalText(field)
                          .filter(s -> !s.isEmpty())
                          .map(
                              relative ->
                                  ImageSource.file(
                                      DatasetRoot.requireImage(
                                          dataset.resolve(
                                              relative, export, located.location(), field),
                                          export,
                                          located.location(),
                                          field)))));
        }
        continue;
      }
      List<Path> shards = ParquetTable.shards(folder, "val-*.parquet");
      if (shards.isEmpty()) {
        shards = ParquetTable.shards(folder.resolve("val"), "*.parquet");
      }
      if (shards.isEmpty()) {
        throw new BenchmarkDataException(
            folder,
            "",
            "",
            "no BLINK val data for "
                + subtask
                + ": expected val-*.parquet (the hub's snapshot), val/*.parquet or val.jsonl");
      }
      for (Path shard : shards) {
        for (ParquetTable.Row row : ParquetTable.read(shard).rows()) {
          ParquetTable.Row located = row.at(row.location() + " (idx " + row.text("idx") + ")");
          questions.add(question(located, subtask, shard, located::optionalImage));
        }
      }
    }
    return List.copyOf(questions);
  }

  private static BlinkQuestion question(
      DatasetRow row, String subtask, Path file, Function<String, Optional<ImageSource>> image) {
    String idx = row.text("idx");
    String ownTask = row.text("sub_task");
    String fromIdx = BlinkSubtasks.ofIdx(idx, "val", file);
    if (!fromIdx.equals(subtask)) {
      throw row.fail("idx", "id belongs to subtask " + fromIdx + ", found in " + subtask);
    }
    List<ImageSource> images = new ArrayList<>();
    for (int k = 1; k <= 4; k++) {
      image.apply("image_" + k).ifPresent(images::add);
    }
    if (images.isEmpty()) {
      throw row.fail("image_1", "a BLINK question needs at least one image");
    }
    List<String> choices = row.textList("choices");
    if (choices.size() < 2) {
      throw row.fail("choices", "expected at least two choices, got " + choices.size());
    }
    return new BlinkQuestion(
        idx,
        ownTask.replace(' ', '_'),
        row.text("question"),
        choices,
        row.text("answer"),
        row.text("prompt"),
        images);
  }

  /**
   * Reads an answers or predictions file {@code {idx: "(X)", …}} in file order; non-string values
   * (e.g. the null {@code analyze_answer} returns after an exception) are kept as null.
   *
   * @throws BenchmarkDataException if the file is not a JSON object
   */
  public static Map<String, String> readIdxMap(Path file) {
    JsonNode root = JsonFiles.read(file);
    if (!root.isObject()) {
      throw new BenchmarkDataException(file, "", "", "expected a JSON object {idx: \"(X)\"}");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : null);
    }
    return out;
  }
}
