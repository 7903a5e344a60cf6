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
 */
package ai.taskaware.llm.llama;
