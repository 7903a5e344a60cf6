package ai.taskaware.benchmarks.mmvp;

/**
 * MMVP's score.
 *
 * @param pairs pairs scored
 * @param correctPairs pairs whose two answers were both graded yes
 * @param accuracy {@code correctPairs / pairs} as a fraction, as {@code gpt_grader.py} prints it
 * @param questionsGradedYes single answers graded yes
 * @param undetermined grader replies that were neither yes nor no
 */
public record MmvpScores(
    int pairs, int correctPairs, double accuracy, int questionsGradedYes, int undetermined) {}
