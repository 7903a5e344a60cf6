/**
 * The DDPM noise schedule of a diffusers {@code scheduler/} folder, computed in float32 exactly as
 * diffusers does on PyTorch's CPU kernels: betas, {@code alphas_cumprod} and their square roots,
 * forward noising ({@code q_sample} / {@code add_noise}), inference timestep spacings of the DDPM,
 * DDIM and PNDM schedulers, one deterministic DDIM step, and seeded Gaussian noise.
 *
 * <p>{@link ai.taskaware.diffusion.schedule.NoiseSchedule} is the entry point; {@link
 * ai.taskaware.diffusion.schedule.GaussianNoise} draws the noise that is shared by every prompt of
 * an image.
 */
package ai.taskaware.diffusion.schedule;
