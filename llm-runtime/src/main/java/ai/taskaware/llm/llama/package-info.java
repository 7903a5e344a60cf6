/**
 * LLaMA-family decoders (LLaMA, Vicuna, TinyLlama, the language part of LLaVA) built from a Hugging
 * Face folder into core's graph IR and run on ONNX Runtime, with a key/value cache for decoding.
 *
 * <p>Prefill and decode are <em>one</em> graph: the past keys/values are ordinary inputs whose
 * sequence length may be 0, so a prefill is a step with an empty cache. One graph means one ORT
 * session and one copy of the weights in memory (two graphs would load the weights twice), and the
 * prefill path is exactly the decode path, so parity of one proves the other. The token-embedding
 * lookup is a separate small graph so that callers can splice image features into {@code
 * inputs_embeds} between the two.
 *
 * <h2>Memory</h2>
 *
 * <p>{@link ai.taskaware.llm.llama.LinearWeights} decides how the linear layers (94% of TinyLlama's
 * parameters, 98% of a 7B LLaMA's) are held: 4, 2, 1.016 (8-bit) or 0.625 / 0.531 (4-bit) bytes per
 * parameter. Measured with {@code taskaware bench-llama} (the {@code ai.taskaware.llm.benchmark}
 * package) on random fp16 checkpoints of TinyLlama-1.1B and Vicuna-7B-v1.5 shape; the figures per
 * format, and the commands, are in the module's README. A 7B model runs on a 24 GB machine in every
 * format but {@code FLOAT32} (26.4 GB of linear weights): after loading, the 4- and 8-bit formats
 * hold 3.7–7.3 GB, and {@code HALF_RESIDENT}'s 13.2 GB of fp16 weights stay memory-mapped page
 * cache. Beyond 2 GB the model must be built through an {@link
 * ai.taskaware.core.runtime.OnnxModelCache} (external data); the in-memory path is limited to 2 GB.
 * Through a cache, quantized weights are spilled to a scratch file layer by layer, so building a 7B
 * model needs about 3 GB of Java heap.
 */
package ai.taskaware.llm.llama;
