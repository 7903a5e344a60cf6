package ai.taskaware.benchmarks.mmvp;

/**
 * One line of a run's {@code predictions.jsonl}: the fields {@code evaluate_mllm.py} writes to its
 * answer file, plus the grader's reply and grade.
 *
 * @param questionId the row number ({@code question_id})
 * @param prompt the prompt asked
 * @param answer the correct answer
 * @param response the model's answer
 * @param judgeReply the grader's raw reply
 * @param grade the grade, see {@link MmvpGrader#grade(String)}
 */
public record MmvpRecord(
    int questionId,
    String prompt,
    String answer,
    String response,
    String judgeReply,
    String grade) {}
