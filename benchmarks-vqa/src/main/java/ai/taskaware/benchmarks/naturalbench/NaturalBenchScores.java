package ai.taskaware.benchmarks.naturalbench;

/**
 * NaturalBench's four scores ({@code get_scores}), as fractions.
 *
 * @param qAcc question accuracy: a question counts when answered right on both images
 * @param iAcc image accuracy: an image counts when both questions about it are answered right
 * @param acc binary accuracy over all four cells
 * @param gAcc group accuracy: a sample counts when all four cells are right
 * @param samples samples scored
 * @param unanswered cells where no answer could be extracted
 */
public record NaturalBenchScores(
    double qAcc, double iAcc, double acc, double gAcc, int samples, int unanswered) {}
