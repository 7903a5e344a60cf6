/**
 * Seeded synthetic checkpoints in real layouts for the demo and the benchmarks (CLIP here; Stable
 * Diffusion lives in diffusion-encoder's {@code generate} package).
 */
package ai.taskaware.examples.generate;
