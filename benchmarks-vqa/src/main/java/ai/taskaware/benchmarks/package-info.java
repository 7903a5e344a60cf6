/**
 * The paper's VQA and image–text benchmarks, read in the formats their authors publish and scored
 * rule for rule as their official evaluation code scores them. Models are seen only through {@code
 * ai.taskaware.core.model} interfaces; one sub-package per benchmark holds its loader, scorer and
 * runner; {@code io}, {@code judge} and {@code harness} hold what they share.
 */
package ai.taskaware.benchmarks;
