/**
 * Throughput and memory of the LLaMA decoder in each {@link ai.taskaware.llm.llama.LinearWeights}
 * format on a generated checkpoint: prefill and decode tokens per second, resident and peak memory,
 * and the memory-bandwidth bound beside them. Run {@link ai.taskaware.llm.benchmark.LlamaBenchmark}
 * by hand; it is not part of the test suite.
 */
package ai.taskaware.llm.benchmark;
