package ai.taskaware.benchmarks.report;

/**
 * A score with its bootstrap confidence interval.
 *
 * @param estimate the score on the run's own units
 * @param low lower percentile bound
 * @param high upper percentile bound
 */
public record Interval(double estimate, double low, double high) {}
