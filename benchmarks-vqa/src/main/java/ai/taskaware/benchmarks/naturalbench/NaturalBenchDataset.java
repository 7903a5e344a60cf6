package ai.taskaware.benchmarks.naturalbench;

import ai.taskaware.benchmarks.io.BenchmarkDataException;
import ai.taskaware.benchmarks.io.DatasetRoot;
import ai.taskaware.benchmarks.io.JsonFiles;
import ai.taskaware.benchmarks.io.JsonRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the NaturalBench JSON Lines export (see the package documentation). */
public final class NaturalBenchDataset {

  /** The export's file name. */
  public static final String FILE = "naturalbench.jsonl";

  private NaturalBenchDataset() {}

  /**
   * Loads every sample, in file order.
   *
   * @throws BenchmarkDataException on a malformed line, an unknown question type, a stored answer
   *     that is neither option of its type, a path leaving the root or a missing image
   */
  public static List<NaturalBenchSample> load(Path root) {
    DatasetRoot dataset = new DatasetRoot(root);
    Path file = dataset.root().resolve(FILE);
    List<NaturalBenchSample> samples = new ArrayList<>();
    for (JsonRecord record : JsonFiles.readLines(file)) {
      String index = record.id("Index");
      String where = record.location() + " (Index " + index + ")";
      JsonRecord located = new JsonRecord(file, where, record.node());
      // example.py (first release) spells the column "Question Type", naturalbench_vqa.py
      // "Question_Type"; both are accepted.
      String typeField = located.node().has("Question_Type") ? "Question_Type" : "Question Type";
      String typeName = located.text(typeField);
      QuestionType type =
          QuestionType.of(typeName)
              .orElseThrow(
                  () ->
                      located.fail(
                          typeField, "expected yes_no or multiple_choice, got '" + typeName + "'"));
      List<Path> images = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        String field = "Image_" + i;
        images.add(
            DatasetRoot.requireImage(
                dataset.resolve(located.text(field), file, where, field), file, where, field));
      }
      List<List<String>> answers = new ArrayList<>();
      for (int q = 0; q < 2; q++) {
        List<String> perImage = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          String field = "Image_" + i + "_Question_" + q;
          String answer = located.text(field);
          if (AnswerExtraction.extract(answer, type) < 0) {
            throw located.fail(
                field,
                "stored answer '"
                    + answer
                    + "' is neither "
                    + type.positive()
                    + " nor "
                    + type.negative());
          }
          perImage.add(answer);
        }
        answers.add(perImage);
      }
      samples.add(
          new NaturalBenchSample(
              index,
              type,
              List.of(located.text("Question_0"), located.text("Question_1")),
              images,
              answers,
              located.optionalText("Source").orElse("")));
    }
    if (samples.isEmpty()) {
      throw new BenchmarkDataException(file, "", "", "no samples");
    }
    return List.copyOf(samples);
  }
}
