package ai.taskaware.benchmarks.report;

/**
 * Run B minus run A on one score, from a paired bootstrap over the same units.
 *
 * @param a the score of run A
 * @param b the score of run B
 * @param difference {@code b - a}
 * @param low lower percentile bound of the difference
 * @param high upper percentile bound of the difference
 * @param probabilityNotBetter fraction of resamples where B did not beat A ({@code b - a <= 0}), a
 *     one-sided bootstrap p-value for "B is better"
 */
public record PairedComparison(
    double a, double b, double difference, double low, double high, double probabilityNotBetter) {}
