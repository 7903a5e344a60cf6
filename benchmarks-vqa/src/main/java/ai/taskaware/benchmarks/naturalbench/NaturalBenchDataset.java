package ai.taskaware.benchmarks.naturalbench;

import ai.taskaware.benchmarks.io.BenchmarkDataException;
import ai.taskaware.benchmarks.io.DatasetRoot;
import ai.taskaware.benchmarks.io.DatasetRow;
import ai.taskaware.benchmarks.io.ImageSource;
import ai.taskaware.benchmarks.io.JsonFiles;
import ai.taskaware.benchmarks.io.JsonRecord;
import ai.taskaware.benchmarks.io.ParquetTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads NaturalBench as published on the Hugging Face hub ({@code BaiqiL/NaturalBench}: Parquet
 * shards {@code data/train-*.parquet} with the images embedded) or as a JSON Lines export with
 * image files (see the package documentation).
 */
public final class NaturalBenchDataset {

  /** The JSON Lines export's file name. */
  public static final String FILE = "naturalbench.jsonl";

  private NaturalBenchDataset() {}

  /**
   * Loads every sample, in file order. {@code root} is either a snapshot of the hub repository (its
   * {@code data/train-*.parquet} shards, or the hub's converted {@code default/train/*.parquet},
   * read in shard order) or a folder holding {@value #FILE} and the images it names; the JSON Lines
   * export wins when both are present.
   *
   * @throws BenchmarkDataException on a malformed line or row, a missing column, an unknown
   *     question type, a stored answer that is neither option of its type, a path leaving the root,
   *     a missing image, or a folder with neither layout
   */
  public static List<NaturalBenchSample> load(Path root) {
    DatasetRoot dataset = new DatasetRoot(root);
    Path export = dataset.root().resolve(FILE);
    List<NaturalBenchSample> samples = new ArrayList<>();
    if (Files.isRegularFile(export)) {
      for (JsonRecord record : JsonFiles.readLines(export)) {
        JsonRecord located =
            new JsonRecord(
                export, record.location() + " (Index " + record.id("Index") + ")", record.node());
        samples.add(
            sample(
                located,
                field ->
                    ImageSource.file(
                        DatasetRoot.requireImage(
                            dataset.resolve(located.text(field), export, located.location(), field),
                            export,
                            located.location(),
                            field))));
      }
      return nonEmpty(samples, export);
    }
    List<Path> shards = ParquetTable.shards(dataset.root().resolve("data"), "train-*.parquet");
    if (shards.isEmpty()) {
      shards = ParquetTable.shards(dataset.root().resolve("default/train"), "*.parquet");
    }
    if (shards.isEmpty()) {
      throw new BenchmarkDataException(
          dataset.root(),
          "",
          "",
          "no NaturalBench data: expected data/train-*.parquet (the hub's snapshot),"
              + " default/train/*.parquet or "
              + FILE);
    }
    for (Path shard : shards) {
      for (ParquetTable.Row row : ParquetTable.read(shard).rows()) {
        ParquetTable.Row located = row.at(row.location() + " (Index " + row.id("Index") + ")");
        samples.add(sample(located, located::image));
      }
    }
    return nonEmpty(samples, shards.get(0));
  }

  private static List<NaturalBenchSample> nonEmpty(List<NaturalBenchSample> samples, Path file) {
    if (samples.isEmpty()) {
      throw new BenchmarkDataException(file, "", "", "no samples");
    }
    return List.copyOf(samples);
  }

  private static NaturalBenchSample sample(DatasetRow row, Function<String, ImageSource> image) {
    // example.py and the hub's first release spell the column "Question Type", naturalbench_vqa.py
    // and the current shards "Question_Type"; both are accepted.
    String typeField =
        row.optionalText("Question_Type").isPresent() ? "Question_Type" : "Question Type";
    String typeName = row.text(typeField);
    QuestionType type =
        QuestionType.of(typeName)
            .orElseThrow(
                () ->
                    row.fail(
                        typeField, "expected yes_no or multiple_choice, got '" + typeName + "'"));
    List<ImageSource> images = List.of(image.apply("Image_0"), image.apply("Image_1"));
    List<List<String>> answers = new ArrayList<>();
    for (int q = 0; q < 2; q++) {
      List<String> perImage = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        String field = "Image_" + i + "_Question_" + q;
        String answer = row.text(field);
        if (AnswerExtraction.extract(answer, type) < 0) {
          throw row.fail(
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
    return new NaturalBenchSample(
        row.id("Index"),
        type,
        List.of(row.text("Question_0"), row.text("Question_1")),
        images,
        answers,
        row.optionalText("Source").orElse(""));
  }
}
