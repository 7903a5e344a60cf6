/**
 * Weight-only quantization of linear layers at load time, in the layouts ONNX Runtime's contrib
 * kernels read.
 *
 * <p>{@link ai.taskaware.llm.quant.Int4Blocks} and {@link ai.taskaware.llm.quant.Int8Blocks} are
 * the block-wise 4- and 8-bit formats of {@code com.microsoft:MatMulNBits} ({@link
 * ai.taskaware.llm.quant.BlockQuantized}); {@link ai.taskaware.llm.quant.PackedWeights} serves
 * quantized tensors to core's graph builder like checkpoint weights, so they are emitted (inline or
 * as external data) exactly as checkpoint weights are.
 */
package ai.taskaware.llm.quant;
