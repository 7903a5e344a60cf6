/**
 * The small interfaces every taskaware module composes through: text and visual encoders,
 * image–text scorers, VQA models and captioners, plus the progress callback long jobs report
 * through. Benchmarks and analysis code see models only through these types, so any implementation
 * (ours or a user's) can be evaluated the same way.
 */
package ai.taskaware.core.model;
