/**
 * Reading and writing model weights: memory-mapped safetensors files ({@link
 * ai.taskaware.core.checkpoint.SafetensorsFile}), sharded checkpoints with an {@code
 * *.safetensors.index.json} ({@link ai.taskaware.core.checkpoint.ShardedCheckpoint}), the folder
 * layouts of Hugging Face / diffusers repositories ({@link
 * ai.taskaware.core.checkpoint.Checkpoints}), a writer for tests and tiny random checkpoints
 * ({@link ai.taskaware.core.checkpoint.SafetensorsWriter}) and a stable checkpoint id for caches
 * ({@link ai.taskaware.core.checkpoint.CheckpointFingerprint}).
 *
 * <p>Every malformed input fails with a {@link ai.taskaware.core.checkpoint.CheckpointException}
 * that names the file and, where one is involved, the tensor.
 */
package ai.taskaware.core.checkpoint;
