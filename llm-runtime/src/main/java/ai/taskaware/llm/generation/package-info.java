/**
 * Decoding with a {@link ai.taskaware.llm.llama.LlamaModel}: greedy or sampled (temperature, top-k,
 * top-p, as transformers' logits warpers apply them, in that order) through the KV cache, stopping
 * at EOS, a stop string or the token budget, with streaming; and option scoring, the summed
 * log-likelihood of candidate continuations for multiple-choice evaluation.
 */
package ai.taskaware.llm.generation;
