/**
 * Stable Diffusion as a task-aware feature extractor: {@link
 * ai.taskaware.diffusion.DiffusionFeatureExtractor} encodes images with the VAE, noises the latents
 * to chosen timesteps, runs the U-Net slice that computes the requested taps conditioned on
 * nothing, a caption or a question, and applies guidance amplification {@code X_u + s·(X_c − X_u)}.
 * {@link ai.taskaware.diffusion.StableDiffusionPipeline} opens a whole diffusers folder with its
 * CLIP text encoder so prompts work in one call.
 *
 * <p>Subpackages: {@code unet} and {@code tap} (the U-Net graph, its activations and slices),
 * {@code vae} (the VAE encoder), {@code schedule} (noise schedule and seeded noise), {@code
 * generate} (synthetic checkpoints), {@code runtime} (cached sessions), {@code itm}
 * (cross-attention image–text scoring and word maps).
 */
package ai.taskaware.diffusion;
