/**
 * {@code taskaware extract}: U-Net features of images under prompts written to a resumable feature
 * store (sharded safetensors plus a JSON index).
 */
package ai.taskaware.examples.extract;
