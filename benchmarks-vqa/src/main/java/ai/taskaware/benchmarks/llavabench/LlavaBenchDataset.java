package ai.taskaware.benchmarks.llavabench;

import ai.taskaware.benchmarks.io.BenchmarkDataException;
import ai.taskaware.benchmarks.io.DatasetRoot;
import ai.taskaware.benchmarks.io.JsonFiles;
import ai.taskaware.benchmarks.io.JsonRecord;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the LLaVA-Bench-in-the-Wild release folder. */
public final class LlavaBenchDataset {

  /** The three categories ({@code rule.json} keys {@code llava_bench_<category>}). */
  public static final Set<String> CATEGORIES = Set.of("conv", "detail", "complex");

  private LlavaBenchDataset() {}

  /**
   * Loads the questions in file order, each with its image's context and the reference answer on
   * the same line number of {@code answers_gpt4.jsonl} (the review script zips the files line by
   * line; a reference whose {@code question_id} differs is rejected rather than silently
   * mis-paired).
   *
   * @throws BenchmarkDataException on a malformed line, an unknown category (the script asserts),
   *     an image without context, mismatched files, a path leaving the root or a missing image
   */
  public static List<LlavaBenchQuestion> load(Path root) {
    DatasetRoot dataset = new DatasetRoot(root);
    Path questionsFile = dataset.root().resolve("questions.jsonl");
    Path contextFile = dataset.root().resolve("context.jsonl");
    Path answersFile = dataset.root().resolve("answers_gpt4.jsonl");
    List<JsonRecord> questions = JsonFiles.readLines(questionsFile);
    List<JsonRecord> answers = JsonFiles.readLines(answersFile);
    Map<String, String> contexts = new HashMap<>();
    for (JsonRecord context : JsonFiles.readLines(contextFile)) {
      // image_to_context = {context['image']: context for context in context_list}: last wins
      contexts.put(context.text("image"), captions(context));
    }
    if (questions.isEmpty()) {
      throw new BenchmarkDataException(questionsFile, "", "", "no questions");
    }
    if (answers.size() != questions.size()) {
      throw new BenchmarkDataException(
          answersFile,
          "",
          "",
          "has " + answers.size() + " answers for " + questions.size() + " questions");
    }
    List<LlavaBenchQuestion> out = new ArrayList<>();
    for (int i = 0; i < questions.size(); i++) {
      JsonRecord q = questions.get(i);
      JsonRecord a = answers.get(i);
      String questionId = q.id("question_id");
      String where = q.location() + " (question_id " + questionId + ")";
      JsonRecord located = new JsonRecord(questionsFile, where, q.node());
      if (!a.id("question_id").equals(questionId)) {
        throw a.fail(
            "question_id",
            "line pairs with question "
                + questionId
                + " but answers question "
                + a.id("question_id"));
      }
      String category = located.text("category");
      if (!CATEGORIES.contains(category)) {
        throw located.fail(
            "category", "Visual QA category not found in rule file: llava_bench_" + category + ".");
      }
      String image = located.text("image");
      String context = contexts.get(image);
      if (context == null) {
        throw located.fail(
            "image", "no line of " + contextFile.getFileName() + " has image " + image);
      }
      Path imagePath =
          DatasetRoot.requireImage(
              dataset.resolve("images/" + image, questionsFile, where, "image"),
              questionsFile,
              where,
              "image");
      String referenceId = a.node().has("answer_id") ? a.id("answer_id") : questionId;
      out.add(
          new LlavaBenchQuestion(
              questionId,
              image,
              imagePath,
              located.text("text"),
              category,
              context,
              a.text("text", true),
              referenceId));
    }
    return List.copyOf(out);
  }

  /**
   * {@code '\n'.join(inst['caption'])}: a list of captions is joined by newlines; a single string
   * caption is, as in Python, joined character by character.
   */
  static String captions(JsonRecord context) {
    JsonNode caption = context.node().get("caption");
    if (caption == null || caption.isNull()) {
      throw context.fail("caption", "missing required field");
    }
    List<String> parts = new ArrayList<>();
    if (caption.isArray()) {
      parts.addAll(context.textList("caption"));
    } else if (caption.isTextual()) {
      caption.asText().codePoints().forEach(cp -> parts.add(new String(Character.toChars(cp))));
    } else {
      throw context.fail("caption", "expected a string or an array of strings");
    }
    return String.join("\n", parts);
  }
}
