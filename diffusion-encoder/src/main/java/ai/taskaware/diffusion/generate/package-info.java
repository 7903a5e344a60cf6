/**
 * Writes Stable Diffusion checkpoints with seeded random weights in the real diffusers layout
 * ({@code model_index.json}, {@code unet/}, {@code vae/}, {@code scheduler/}, {@code text_encoder/}
 * in transformers' {@code CLIPTextModel} layout, {@code tokenizer/} with a tiny CLIP BPE), at any
 * widths including SD2.1-base's, for tests, benchmarks and the demo.
 */
package ai.taskaware.diffusion.generate;
