/**
 * {@code taskaware score <benchmark>}: the official scores of existing benchmark output files
 * (BLINK predictions, LLaVA-Bench reviews, MMVP answers graded by a chat-completions judge),
 * written through core's {@code ResultFile} with provenance.
 */
package ai.taskaware.examples.benchmark;
