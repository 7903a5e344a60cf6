/**
 * {@code taskaware eval}: the eight benchmarks of benchmarks-vqa run from the command line on
 * models assembled from checkpoint folders (a LLaVA-style VQA model from a LLaMA folder, a CLIP or
 * Stable Diffusion visual encoder and LLaVA's projector; or an image–text scorer), judged by the
 * benchmark's official judge or a deterministic one.
 */
package ai.taskaware.examples.eval;
