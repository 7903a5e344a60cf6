package ai.taskaware.benchmarks.winoground;

/**
 * Winoground's three scores, as fractions.
 *
 * @param text fraction of examples whose text score is correct
 * @param image fraction whose image score is correct
 * @param group fraction whose both are
 * @param examples examples scored
 */
public record WinogroundScores(double text, double image, double group, int examples) {}
