/**
 * Judges. {@link ai.taskaware.benchmarks.judge.AnswerJudge} decides whether one answer is correct
 * ({@link ai.taskaware.benchmarks.judge.Verdict}): deterministically by normalized exact match
 * ({@link ai.taskaware.benchmarks.judge.ExactMatchJudge}) or by the option it picks ({@link
 * ai.taskaware.benchmarks.judge.OptionMatchJudge}), or by MMVP's official GPT grader ({@code
 * mmvp.MmvpGrader}). The GPT judges of the official scripts (MMVP's grader, BLINK's option matcher,
 * LLaVA-Bench's reviewer) talk to a {@link ai.taskaware.benchmarks.judge.ChatJudge}: each benchmark
 * builds the official request exactly and parses the reply as the official code does; {@link
 * ai.taskaware.benchmarks.judge.ChatCompletionsJudge} sends it to an OpenAI-compatible endpoint
 * (retries, on-disk cache), configured in code or from {@code OPENAI_BASE_URL} / {@code
 * OPENAI_API_KEY} / {@code OPENAI_JUDGE_MODEL} ({@link
 * ai.taskaware.benchmarks.judge.ChatCompletionsSettings#fromEnvironment}).
 */
package ai.taskaware.benchmarks.judge;
