/**
 * Running ONNX models on ONNX Runtime with ND4J {@code INDArray} host tensors.
 *
 * <p>{@link ai.taskaware.core.runtime.OnnxSession} owns one ORT session and is the only way the
 * rest of taskaware executes a model: it validates inputs against the model's declared signature,
 * asks ORT only for the requested outputs, hands contiguous INDArray memory to ORT without copying,
 * and writes outputs of statically known shape straight into pre-allocated INDArrays (ORT "pinned
 * outputs"). {@link ai.taskaware.core.runtime.RuntimeOptions} configures it; the CUDA execution
 * provider is opt-in and is checked before ORT is asked to load it, so a missing CUDA installation
 * gives an {@link ai.taskaware.core.runtime.ExecutionProviderUnavailableException} rather than a
 * crash. {@link ai.taskaware.core.runtime.OnnxModelCache} keeps built {@code .onnx} files on disk,
 * keyed by checkpoint fingerprint and builder options.
 */
package ai.taskaware.core.runtime;
