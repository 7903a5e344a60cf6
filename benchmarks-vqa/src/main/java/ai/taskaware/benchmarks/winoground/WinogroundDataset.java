package ai.taskaware.benchmarks.winoground;

import ai.taskaware.benchmarks.io.BenchmarkDataException;
import ai.taskaware.benchmarks.io.DatasetRoot;
import ai.taskaware.benchmarks.io.JsonFiles;
import ai.taskaware.benchmarks.io.JsonRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads Winoground's {@code examples.jsonl} and {@code images/}. */
public final class WinogroundDataset {

  private WinogroundDataset() {}

  /**
   * Loads every example, in file order. {@code image_0}/{@code image_1} name a file in {@code
   * images/} without extension ({@code "ex_0_img_0"} → {@code images/ex_0_img_0.png}); a name that
   * already ends in an image extension is used as is.
   *
   * @throws BenchmarkDataException on a malformed line (named by line number), a path leaving the
   *     root or a missing image (named by example)
   */
  public static List<WinogroundExample> load(Path root) {
    DatasetRoot dataset = new DatasetRoot(root);
    Path file = dataset.root().resolve("examples.jsonl");
    List<WinogroundExample> examples = new ArrayList<>();
    for (JsonRecord record : JsonFiles.readLines(file)) {
      String id = record.id("id");
      String where = record.location() + " (example " + id + ")";
      examples.add(
          new WinogroundExample(
              id,
              image(dataset, file, where, record.text("image_0"), "image_0"),
              image(dataset, file, where, record.text("image_1"), "image_1"),
              record.text("caption_0"),
              record.text("caption_1"),
              record.optionalText("tag").orElse(""),
              record.optionalText("secondary_tag").orElse(""),
              record.optionalText("collapsed_tag").orElse("")));
    }
    if (examples.isEmpty()) {
      throw new BenchmarkDataException(file, "", "", "no examples");
    }
    return List.copyOf(examples);
  }

  private static Path image(
      DatasetRoot dataset, Path file, String where, String name, String field) {
    String relative = name.matches("(?i).*\\.(png|jpe?g)$") ? name : name + ".png";
    return DatasetRoot.requireImage(
        dataset.resolve("images/" + relative, file, where, field), file, where, field);
  }
}
