package ai.taskaware.benchmarks.gqa;

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

/** Reads GQA's questions file and images, and LLaVA-converted prediction files. */
public final class GqaDataset {

  /** The questions file of the testdev-balanced split. */
  public static final String QUESTIONS = "testdev_balanced_questions.json";

  private GqaDataset() {}

  /**
   * Loads every question in file order. Images are checked for the balanced questions only (the
   * only ones evaluated).
   *
   * @param balancedOnly keep only {@code isBalanced} questions
   * @throws BenchmarkDataException on a malformed record, a path leaving the root or a missing
   *     image
   */
  public static List<GqaQuestion> load(Path root, boolean balancedOnly) {
    DatasetRoot dataset = new DatasetRoot(root);
    Path file = dataset.root().resolve(QUESTIONS);
    JsonNode all = JsonFiles.read(file);
    if (!all.isObject()) {
      throw new BenchmarkDataException(file, "", "", "expected an object {questionId: question}");
    }
    List<GqaQuestion> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : all.properties()) {
      String where = "record '" + entry.getKey() + "'";
      if (!entry.getValue().isObject()) {
        throw new BenchmarkDataException(file, where, "", "expected a question object");
      }
      JsonRecord q = new JsonRecord(file, where, entry.getValue());
      boolean balanced = q.bool("isBalanced");
      if (balancedOnly && !balanced) {
        continue;
      }
      String imageId = q.id("imageId");
      Path image = dataset.resolve("images/" + imageId + ".jpg", file, where, "imageId");
      if (balanced) {
        DatasetRoot.requireImage(image, file, where, "imageId");
      }
      JsonNode types = entry.getValue().get("types");
      String structural =
          types != null && types.has("structural") && types.get("structural").isTextual()
              ? types.get("structural").asText()
              : "";
      out.add(
          new GqaQuestion(
              entry.getKey(),
              imageId,
              image,
              q.text("question"),
              q.text("answer"),
              balanced,
              structural));
    }
    if (out.isEmpty()) {
      throw new BenchmarkDataException(file, "", "", "no questions");
    }
    return List.copyOf(out);
  }

  /**
   * Reads a predictions file as {@code convert_gqa_for_eval.py} writes it: {@code [{"questionId":
   * …, "prediction": …}, …]} (predictions already normalized).
   *
   * @throws BenchmarkDataException on a malformed entry
   */
  public static Map<String, String> readPredictions(Path file) {
    JsonNode root = JsonFiles.read(file);
    if (!root.isArray()) {
      throw new BenchmarkDataException(
          file, "", "", "expected an array of {questionId, prediction} objects");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode element = root.get(i);
      if (!element.isObject()) {
        throw new BenchmarkDataException(file, "element " + i, "", "expected an object");
      }
      JsonRecord r = new JsonRecord(file, "element " + i, element);
      out.put(r.id("questionId"), r.text("prediction", true));
    }
    return out;
  }
}
