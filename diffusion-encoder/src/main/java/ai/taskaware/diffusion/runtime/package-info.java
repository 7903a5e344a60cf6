/**
 * Opening ONNX Runtime sessions for graphs built in this module, through core's on-disk {@link
 * ai.taskaware.core.runtime.OnnxModelCache} when one is given.
 */
package ai.taskaware.diffusion.runtime;
