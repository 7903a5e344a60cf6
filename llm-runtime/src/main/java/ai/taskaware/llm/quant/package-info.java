/**
 * Weight-only quantization of linear layers at load time, in the layouts ONNX Runtime's contrib
 * kernels read.
 *
 * <p>{@link ai.taskaware.llm.quant.Int4Blocks} is the block-wise 4-bit format of {@code
 * com.microsoft:MatMulNBits}; {@link ai.taskaware.llm.quant.PackedWeights} serves quantized tensors
 * to core's graph builder like checkpoint weights, so they are emitted (inline or as external data)
 * exactly as checkpoint weights are.
 */
package ai.taskaware.llm.quant;
