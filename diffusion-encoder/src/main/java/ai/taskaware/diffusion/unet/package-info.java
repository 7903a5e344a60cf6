/**
 * The Stable Diffusion 1.x/2.x U-Net (diffusers {@code UNet2DConditionModel}) as a graph of the
 * {@code core} IR, built from a diffusers {@code unet/} folder.
 *
 * <p>{@link ai.taskaware.diffusion.unet.UNetCheckpoint} opens the folder and checks the config and
 * every weight shape before anything is built; {@link ai.taskaware.diffusion.unet.UNetLayout} is
 * the architecture the config resolves to (channels, heads, skips) and the list of taps it has;
 * {@link ai.taskaware.diffusion.unet.UNetGraph} builds either the whole U-Net or a {@link
 * ai.taskaware.diffusion.unet.UNetSlice}: the smallest prefix of the forward pass that computes the
 * requested taps.
 */
package ai.taskaware.diffusion.unet;
