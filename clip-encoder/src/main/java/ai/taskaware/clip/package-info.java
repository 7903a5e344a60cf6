/**
 * CLIP for taskaware: checkpoints in the Hugging Face layouts ({@link ClipCheckpoint}), the
 * transformer layer both towers share ({@link ClipTransformer}) and the typed error of this module
 * ({@link ClipException}). The towers live in {@code ai.taskaware.clip.vision} and {@code
 * ai.taskaware.clip.text}; the image–text scorer in {@code ai.taskaware.clip.scoring}.
 */
package ai.taskaware.clip;
