package ai.taskaware.benchmarks.blink;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BLINK's scores as {@code eval_prediction} returns them, as fractions.
 *
 * @param perTask subtask → accuracy, for the subtasks that have answers, in {@code evaluate.py}'s
 *     order
 * @param total mean of the per-task accuracies
 * @param complete whether all 14 subtasks were scored, i.e. whether {@code total} is the official
 *     "Total" ({@code evaluate.py} cannot score a partial answer file at all)
 * @param questions questions scored
 * @param missingPredictions questions with no prediction (counted wrong)
 */
public record BlinkScores(
    Map<String, Double> perTask,
    double total,
    boolean complete,
    int questions,
    int missingPredictions) {

  /** {@code Total} and one key per subtask, in percent (what {@code evaluate.py} prints). */
  public Map<String, Double> percentages() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("Total", 100 * total);
    perTask.forEach((task, accuracy) -> out.put(task, 100 * accuracy));
    return out;
  }

  /** The subtasks scored. */
  public List<String> tasks() {
    return List.copyOf(perTask.keySet());
  }
}
