package ai.taskaware.benchmarks.blink;

/**
 * One question's result, as {@code test_benchmark.py} saves it per subtask ({@code idx}, {@code
 * answer}, {@code full_prediction}, {@code prediction}) plus how the prediction was obtained.
 *
 * @param idx question id
 * @param answer gold option
 * @param fullPrediction the model's raw output
 * @param prediction the extracted option (or the matcher's raw reply); null when unanswered
 * @param extraction {@code "rule"}, {@code "judge"} or {@code "unanswered"}
 */
public record BlinkRecord(
    String idx, String answer, String fullPrediction, String prediction, String extraction) {}
