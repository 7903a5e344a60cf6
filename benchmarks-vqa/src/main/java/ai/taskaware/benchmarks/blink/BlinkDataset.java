package ai.taskaware.benchmarks.blink;

import ai.taskaware.benchmarks.io.BenchmarkDataException;
import ai.taskaware.benchmarks.io.DatasetRoot;
import ai.taskaware.benchmarks.io.JsonFiles;
import ai.taskaware.benchmarks.io.JsonRecord;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the BLINK folder export (see the package documentation) and answer files. */
public final class BlinkDataset {

  private BlinkDataset() {}

  /**
   * Loads the val questions of {@code subtasks}, subtask by subtask in the order given.
   *
   * @throws BenchmarkDataException on an unknown subtask name, a malformed line, a question of
   *     another subtask, a path leaving the root or a missing image
   */
  public static List<BlinkQuestion> load(Path root, List<String> subtasks) {
    DatasetRoot dataset = new DatasetRoot(root);
    List<BlinkQuestion> questions = new ArrayList<>();
    for (String subtask : subtasks) {
      Path file = dataset.root().resolve(subtask).resolve("val.jsonl");
      BlinkSubtasks.require(subtask, dataset.root(), "subtask list");
      for (JsonRecord record : JsonFiles.readLines(file)) {
        String idx = record.text("idx");
        String where = record.location() + " (idx " + idx + ")";
        JsonRecord located = new JsonRecord(file, where, record.node());
        String ownTask = located.text("sub_task");
        String fromIdx = BlinkSubtasks.ofIdx(idx, "val", file);
        if (!fromIdx.equals(subtask)) {
          throw located.fail("idx", "id belongs to subtask " + fromIdx + ", found in " + subtask);
        }
        List<Path> images = new ArrayList<>();
        for (int k = 1; k <= 4; k++) {
          String field = "image_" + k;
          if (located.optionalText(field).filter(s -> !s.isEmpty()).isPresent()) {
            Path image = dataset.resolve(located.text(field), file, where, field);
            images.add(DatasetRoot.requireImage(image, file, where, field));
          }
        }
        if (images.isEmpty()) {
          throw located.fail("image_1", "a BLINK question needs at least one image");
        }
        List<String> choices = located.textList("choices");
        if (choices.size() < 2) {
          throw located.fail("choices", "expected at least two choices, got " + choices.size());
        }
        questions.add(
            new BlinkQuestion(
                idx,
                ownTask.replace(' ', '_'),
                located.text("question"),
                choices,
                located.text("answer"),
                located.text("prompt"),
                images));
      }
    }
    return List.copyOf(questions);
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
