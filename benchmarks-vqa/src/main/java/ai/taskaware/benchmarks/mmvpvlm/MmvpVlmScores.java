package ai.taskaware.benchmarks.mmvpvlm;

import java.util.Map;

/**
 * MMVP-VLM's scores, in percent.
 *
 * @param perPattern pattern name → pair accuracy, in the script's category order
 * @param average mean of the nine pattern accuracies
 * @param pairs pairs scored
 */
public record MmvpVlmScores(Map<String, Double> perPattern, double average, int pairs) {}
