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
 * <p>{@link ai.taskaware.llm.llama.LinearWeights} decides how the linear layers (≈ 94% of a LLaMA's
 * parameters) are held. Measured with {@code ai.taskaware.llm.benchmark.LlamaBenchmark} on a random
 * fp16 checkpoint of TinyLlama-1.1B shape (1.034 B linear parameters), each format loaded from the
 * compiled-model cache in a fresh JVM (VmRSS after load / VmHWM while running 128 + 32 tokens; the
 * JVM with ND4J and ORT alone is ≈ 0.25 GB): FLOAT32 5.15 / 5.23 GB (4 B/param: ORT folds the fp16
 * casts into float32 copies); HALF_RESIDENT 0.26 / 3.49 GB (2 B/param; ORT memory-maps the external
 * weight file, so pages become resident as they are first read); INT4_BLOCK32 1.52 / 1.65 GB (0.625
 * B/param); INT4_BLOCK128 1.24 / 1.36 GB (0.53 B/param). Building a compiled model (quantizing,
 * emitting) peaks at 5–11 GB for this size and happens once per checkpoint and format.
 *
 * <p>For a 7B LLaMA/Vicuna (6.61 B linear parameters, 0.13 B embedding) that gives ≈ 26.4 GB of
 * float32 linear weights (does not fit 24 GB), ≈ 13.2 GB half-resident, ≈ 4.1 GB (block 32) or ≈
 * 3.5 GB (block 128) in 4 bits, plus the KV cache (0.5 MB per token in float32) and per-call
 * activations. Beyond 2 GB the model must be built through an {@link
 * ai.taskaware.core.runtime.OnnxModelCache} (external data); the in-memory path is limited to 2 GB.
 */
package ai.taskaware.llm.llama;
