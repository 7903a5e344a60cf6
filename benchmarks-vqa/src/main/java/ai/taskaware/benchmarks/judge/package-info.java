/**
 * The GPT judges of the official evaluation scripts (MMVP's grader, BLINK's answer matcher,
 * LLaVA-Bench's reviewer) as one pluggable interface: each benchmark builds the official request
 * exactly and parses the reply as the official code does; the user supplies the {@link
 * ai.taskaware.benchmarks.judge.Judge} that sends it, e.g. {@link
 * ai.taskaware.benchmarks.judge.ChatCompletionsJudge} for an OpenAI-compatible endpoint (retries,
 * on-disk cache).
 */
package ai.taskaware.benchmarks.judge;
