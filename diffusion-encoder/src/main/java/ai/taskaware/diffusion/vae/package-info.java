/**
 * The encoder half of diffusers' {@code AutoencoderKL} (Stable Diffusion's VAE) as a graph of the
 * {@code core} IR, and the image → latent path around it.
 *
 * <p>{@link ai.taskaware.diffusion.vae.VaeEncoderCheckpoint} opens a {@code vae/} folder and checks
 * every encoder weight (both attention key layouts); {@link
 * ai.taskaware.diffusion.vae.VaeEncoderGraph} builds the graph from pixels to the latent
 * distribution's mean and log-variance; {@link ai.taskaware.diffusion.vae.VaeEncoder} runs it and
 * turns moments into scaled latents; {@link ai.taskaware.diffusion.vae.StableDiffusionPixels} is
 * Stable Diffusion's image preprocessing.
 */
package ai.taskaware.diffusion.vae;
