package ai.taskaware.benchmarks.llavabench;

import java.util.List;

/**
 * One question's answer and review: the fields of the script's answer line ({@code question_id},
 * {@code text}, {@code answer_id}) and review line ({@code category}, {@code content}, {@code
 * tuple}).
 *
 * @param questionId the question
 * @param category {@code "llava_bench_" + category}, as the review line stores it
 * @param answer the model's answer
 * @param answerId the answer's id
 * @param review the reviewer's reply
 * @param tuple the parsed scores (reference, model), or [−1, −1]
 * @param unparsed whether the review could not be parsed (its [−1, −1] still enters the means)
 */
public record LlavaBenchRecord(
    String questionId,
    String category,
    String answer,
    String answerId,
    String review,
    List<Double> tuple,
    boolean unparsed) {}
