package ai.taskaware.benchmarks.mmvp;

/**
 * One line of a run's {@code predictions.jsonl}: the fields {@code evaluate_mllm.py} writes to its
 * answer file, plus the grader's reply and grade.
 *
 * @param questionId the row number ({@code question_id})
 * @param prompt the prompt asked
 * @param answer the correct answer
 * @param response the model's answer
 * @param judgeReply what the judge said ({@link ai.taskaware.benchmarks.judge.Verdict#reply()}: the
 *     GPT grader's raw reply, or the option a deterministic judge found)
 * @param grade the judge's grade ({@link ai.taskaware.benchmarks.judge.Verdict#grade()}; the GPT
 *     grader's is {@link MmvpGrader#grade(String)})
 */
public record MmvpRecord(
    int questionId,
    String prompt,
    String answer,
    String response,
    String judgeReply,
    String grade) {}
