package ai.taskaware.benchmarks.gqa;

import ai.taskaware.benchmarks.io.BenchmarkDataException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** GQA's normalization and accuracy. */
public final class GqaScorer {

  private GqaScorer() {}

  /** {@code convert_gqa_for_eval.py}: {@code res['text'].rstrip('.').lower()}. */
  public static String normalize(String text) {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '.') {
      end--;
    }
    return text.substring(0, end).toLowerCase(Locale.ROOT);
  }

  /**
   * GQA {@code eval.py}: for each balanced question, score 1 if {@code predictions[qid] == gold};
   * accuracy is the mean; questions with structural type {@code query} are "open", the rest
   * "binary".
   *
   * @param predictions question id → normalized prediction
   * @param predictionsFile named in errors
   * @throws BenchmarkDataException if a balanced question has no prediction ({@code eval.py} fails
   *     on it too)
   */
  public static GqaScores score(
      List<GqaQuestion> questions, Map<String, String> predictions, Path predictionsFile) {
    List<GqaRecord> records = new ArrayList<>();
    for (GqaQuestion q : questions) {
      if (!q.balanced()) {
        continue;
      }
      String predicted = predictions.get(q.questionId());
      if (predicted == null) {
        throw new BenchmarkDataException(
            predictionsFile,
            "",
            "questionId",
            "no prediction for balanced question " + q.questionId());
      }
      records.add(record(q, predicted, predicted));
    }
    return scoreRecords(records);
  }

  /** The record of a balanced question answered {@code text}, normalized to {@code prediction}. */
  static GqaRecord record(GqaQuestion q, String text, String prediction) {
    return new GqaRecord(
        q.questionId(),
        text,
        prediction,
        q.answer(),
        "query".equals(q.structuralType()),
        prediction.equals(q.answer()));
  }

  /**
   * Accuracy over result records of balanced questions (records may repeat, as in a bootstrap
   * resample).
   *
   * @throws IllegalArgumentException if there are no records
   */
  public static GqaScores scoreRecords(List<GqaRecord> records) {
    int total = 0;
    int correct = 0;
    int open = 0;
    int openCorrect = 0;
    for (GqaRecord r : records) {
      total++;
      correct += r.correct() ? 1 : 0;
      if (r.open()) {
        open++;
        openCorrect += r.correct() ? 1 : 0;
      }
    }
    if (total == 0) {
      throw new IllegalArgumentException("GQA scoring needs at least one balanced question");
    }
    int binary = total - open;
    return new GqaScores(
        (double) correct / total,
        binary == 0 ? Double.NaN : (double) (correct - openCorrect) / binary,
        open == 0 ? Double.NaN : (double) openCorrect / open,
        total);
  }
}
