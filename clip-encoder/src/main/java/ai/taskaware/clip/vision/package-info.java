/**
 * The CLIP vision tower: its graph ({@link ClipVisionGraph}, any depth and width, every hidden
 * state, pooled output, image embedding and LLaVA features by name), CLIPImageProcessor-identical
 * preprocessing ({@link ClipImageProcessor}) and the encoder that runs it ({@link
 * ClipVisionEncoder}, a core {@code VisualEncoder}).
 */
package ai.taskaware.clip.vision;
