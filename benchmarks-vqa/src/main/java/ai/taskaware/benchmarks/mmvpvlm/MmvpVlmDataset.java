package ai.taskaware.benchmarks.mmvpvlm;

import ai.taskaware.benchmarks.io.BenchmarkDataException;
import ai.taskaware.benchmarks.io.CsvTable;
import ai.taskaware.benchmarks.io.DatasetRoot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the MMVP-VLM release folder. */
public final class MmvpVlmDataset {

  /** The images folder of the release. */
  public static final String IMAGES = "MLLM_VLM Images";

  private MmvpVlmDataset() {}

  /**
   * Loads the pairs in file order: rows 1–2, 3–4, …; a trailing unpaired row is dropped, as the
   * script's {@code next(reader, None)} drops it.
   *
   * @throws BenchmarkDataException on a row without exactly three fields, a non-integer id or a
   *     missing image
   */
  public static List<MmvpVlmPair> load(Path root) {
    DatasetRoot dataset = new DatasetRoot(root);
    Path csv = dataset.root().resolve("Questions.csv");
    CsvTable table = CsvTable.read(csv);
    List<MmvpVlmPair> pairs = new ArrayList<>();
    List<CsvTable.Row> rows = table.rows();
    for (int i = 0; i + 1 < rows.size(); i += 2) {
      CsvTable.Row first = rows.get(i);
      CsvTable.Row second = rows.get(i + 1);
      int qid1 = qid(table, first);
      int qid2 = qid(table, second);
      String type = table.cell(first, 1, "type");
      table.cell(second, 1, "type");
      Path image1 = image(dataset, csv, first, type, qid1);
      Path image2 = image(dataset, csv, second, type, qid2);
      pairs.add(
          new MmvpVlmPair(
              qid1,
              qid2,
              type,
              table.cell(first, 2, "statement"),
              table.cell(second, 2, "statement"),
              image1,
              image2));
    }
    if (pairs.isEmpty()) {
      throw new BenchmarkDataException(csv, "", "", "no pair of rows found");
    }
    return List.copyOf(pairs);
  }

  private static int qid(CsvTable table, CsvTable.Row row) {
    // evaluate_vlm.py unpacks every row into exactly (qid, qtype, statement).
    if (row.cells().size() != 3) {
      throw new BenchmarkDataException(
          table.file(),
          row.location(),
          "",
          "expected 3 fields (question id, type, statement), got " + row.cells().size());
    }
    String text = table.cell(row, 0, "question id").strip();
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new BenchmarkDataException(
          table.file(),
          row.location(),
          "question id",
          "expected an integer, got '" + text + "'",
          e);
    }
  }

  private static Path image(DatasetRoot dataset, Path csv, CsvTable.Row row, String type, int qid) {
    Path image =
        dataset.resolve(IMAGES + "/" + type + "/" + qid + ".jpg", csv, row.location(), "type");
    return DatasetRoot.requireImage(image, csv, row.location(), "question id");
  }
}
