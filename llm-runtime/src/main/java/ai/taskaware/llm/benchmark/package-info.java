/**
 * Throughput and memory of the LLaMA decoder in each {@link ai.taskaware.llm.llama.LinearWeights}
 * format on a generated checkpoint: prefill and decode tokens per second, resident and peak memory,
 * and the memory-bandwidth bound beside them, on seeded random checkpoints of named shapes ({@link
 * ai.taskaware.llm.benchmark.LlamaShape}: tiny, TinyLlama-1.1B, Vicuna-7B) written to disk as they
 * are generated. Run through {@code taskaware bench-llama} or {@link
 * ai.taskaware.llm.benchmark.LlamaBenchmark}'s {@code main}; only the tiny shape is in the test
 * suite.
 */
package ai.taskaware.llm.benchmark;
