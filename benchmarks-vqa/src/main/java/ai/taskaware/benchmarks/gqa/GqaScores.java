package ai.taskaware.benchmarks.gqa;

/**
 * GQA accuracy over balanced questions, as fractions.
 *
 * @param accuracy all balanced questions
 * @param binary balanced questions whose structural type is not {@code query}
 * @param open balanced {@code query} questions
 * @param questions balanced questions scored
 */
public record GqaScores(double accuracy, double binary, double open, int questions) {}
