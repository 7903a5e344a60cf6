package ai.taskaware.benchmarks.mmvp;

import ai.taskaware.benchmarks.io.BenchmarkDataException;
import ai.taskaware.benchmarks.io.CsvTable;
import ai.taskaware.benchmarks.io.DatasetRoot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the MMVP release folder ({@code Questions.csv} + {@code MMVP Images/}). */
public final class MmvpDataset {

  /** The images folder of the release. */
  public static final String IMAGES = "MMVP Images";

  /**
   * The two labels known to be wrong in the published CSV (tsb0601/MMVP issues #14 and #30,
   * confirmed in EvolvingLMMs-Lab/lmms-eval issue #1018): row 100 (elephant tusks, the image shows
   * long tusks) and row 280 (the person is standing). Published label → corrected label.
   */
  static final Map<Integer, String> LABEL_FIXES = Map.of(100, "(a)", 280, "(a)");

  private static final String PUBLISHED_WRONG_LABEL = "(b)";

  private MmvpDataset() {}

  /**
   * Loads every question, in file order.
   *
   * @param root the folder holding {@code Questions.csv} and {@code MMVP Images}
   * @param applyLabelFixes replace the two known wrong labels (off for numbers comparable with the
   *     paper)
   * @throws BenchmarkDataException on a malformed CSV, a row whose Index is not its position, an
   *     odd number of rows (questions come in pairs) or a missing image
   */
  public static List<MmvpQuestion> load(Path root, boolean applyLabelFixes) {
    DatasetRoot dataset = new DatasetRoot(root);
    Path csv = dataset.root().resolve("Questions.csv");
    CsvTable table = CsvTable.read(csv);
    int indexColumn = table.column("Index");
    int questionColumn = table.column("Question");
    int optionsColumn = table.column("Options");
    int answerColumn = table.column("Correct Answer");
    List<MmvpQuestion> questions = new ArrayList<>();
    for (CsvTable.Row row : table.rows()) {
      // evaluate_mllm.py: photo_id = index + 1 (the row's position), not the Index column; we
      // insist
      // the two agree so images and pairs cannot be silently mismatched.
      int position = row.number();
      String indexText = table.cell(row, indexColumn, "Index").strip();
      int index;
      try {
        index = Integer.parseInt(indexText);
      } catch (NumberFormatException e) {
        throw new BenchmarkDataException(
            csv, row.location(), "Index", "expected an integer, got '" + indexText + "'", e);
      }
      if (index != position) {
        throw new BenchmarkDataException(
            csv,
            row.location(),
            "Index",
            "expected " + position + " (rows are numbered 1, 2, … in file order), got " + index);
      }
      String answer = table.cell(row, answerColumn, "Correct Answer");
      if (applyLabelFixes && LABEL_FIXES.containsKey(index)) {
        String fixed = LABEL_FIXES.get(index);
        if (!answer.equals(PUBLISHED_WRONG_LABEL) && !answer.equals(fixed)) {
          throw new BenchmarkDataException(
              csv,
              row.location(),
              "Correct Answer",
              "label fix expects the published '"
                  + PUBLISHED_WRONG_LABEL
                  + "', found '"
                  + answer
                  + "'");
        }
        answer = fixed;
      }
      Path image = dataset.resolve(IMAGES + "/" + index + ".jpg", csv, row.location(), "Index");
      DatasetRoot.requireImage(image, csv, row.location(), "Index");
      questions.add(
          new MmvpQuestion(
              index,
              table.cell(row, questionColumn, "Question"),
              table.cell(row, optionsColumn, "Options"),
              answer,
              image));
    }
    if (questions.isEmpty() || questions.size() % 2 != 0) {
      throw new BenchmarkDataException(
          csv,
          "",
          "",
          "expected an even, non-zero number of rows (pairs), got " + questions.size());
    }
    return List.copyOf(questions);
  }
}
