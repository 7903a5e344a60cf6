/**
 * Names of the U-Net activations a caller can read ("taps"), in the three spellings in use: the
 * paper's grammar ({@code U-L1-R1-B0-Cross-Q}), the generic-diffusion-feature spelling ({@code
 * up-level1-repeat1-vit-block0-cross-q}) and raw diffusers module paths ({@code
 * up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_q}). A {@link
 * ai.taskaware.diffusion.tap.TapName} is the one parsed form; whether a tap exists depends on the
 * loaded U-Net and is decided by {@code ai.taskaware.diffusion.unet.UNetLayout}.
 */
package ai.taskaware.diffusion.tap;
