package ai.taskaware.benchmarks.blink;

import ai.taskaware.benchmarks.io.BenchmarkDataException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** BLINK's {@code eval_prediction} ({@code eval/evaluate.py}). */
public final class BlinkScorer {

  private BlinkScorer() {}

  /**
   * Scores {@code predictions} ({@code {idx: "(X)"}}) against {@code val_answers.json}.
   *
   * @throws BenchmarkDataException on malformed files, ids of unknown subtasks, or no answers
   */
  public static BlinkScores scoreFiles(Path answers, Path predictions) {
    return score(
        BlinkDataset.readIdxMap(answers), BlinkDataset.readIdxMap(predictions), answers, "val");
  }

  /**
   * For each gold answer: its subtask from its id; correct iff {@code idx in predictions and
   * predictions[idx] == gold}; per-task accuracy = correct / questions of the task; total = mean
   * over tasks.
   *
   * @param answers idx → gold option
   * @param predictions idx → predicted option (null or absent = wrong)
   * @param answersFile named in errors
   * @param split the split prefix of the ids ({@code "val"})
   * @throws BenchmarkDataException on an id of an unknown subtask or an empty answer set
   */
  public static BlinkScores score(
      Map<String, String> answers,
      Map<String, String> predictions,
      Path answersFile,
      String split) {
    if (answers.isEmpty()) {
      throw new BenchmarkDataException(answersFile, "", "", "no answers to score against");
    }
    List<BlinkRecord> records = new ArrayList<>();
    answers.forEach(
        (idx, gold) -> records.add(new BlinkRecord(idx, gold, "", predictions.get(idx), "")));
    return scoreRecords(records, answersFile, split);
  }

  /**
   * As {@link #score(Map, Map, Path, String)} over result records (each record's {@code answer} is
   * the gold option, a null {@code prediction} is wrong). Records may repeat, as in a bootstrap
   * resample.
   *
   * @throws BenchmarkDataException on an id of an unknown subtask or no records
   */
  public static BlinkScores scoreRecords(List<BlinkRecord> records, Path file, String split) {
    if (records.isEmpty()) {
      throw new BenchmarkDataException(file, "", "", "no answers to score against");
    }
    Map<String, int[]> counts = new LinkedHashMap<>();
    BlinkSubtasks.ALL.forEach(t -> counts.put(t, new int[2]));
    int missing = 0;
    for (BlinkRecord record : records) {
      int[] c = counts.get(BlinkSubtasks.ofIdx(record.idx(), split, file));
      c[1]++;
      String predicted = record.prediction();
      if (predicted == null) {
        missing++;
      }
      // eval_prediction: idx in predictions and predictions[idx] == gold_answer
      if (predicted != null && Objects.equals(predicted, record.answer())) {
        c[0]++;
      }
    }
    Map<String, Double> perTask = new LinkedHashMap<>();
    double sum = 0;
    for (Map.Entry<String, int[]> entry : counts.entrySet()) {
      int[] c = entry.getValue();
      if (c[1] > 0) {
        double accuracy = (double) c[0] / c[1];
        perTask.put(entry.getKey(), accuracy);
        sum += accuracy;
      }
    }
    return new BlinkScores(
        Collections.unmodifiableMap(perTask),
        sum / perTask.size(),
        perTask.size() == BlinkSubtasks.ALL.size(),
        records.size(),
        missing);
  }
}
