package ai.taskaware.benchmarks.llavabench;

import java.nio.file.Path;

/**
 * One LLaVA-Bench question with its context and GPT-4 reference answer.
 *
 * @param questionId the question's id
 * @param image the image's file name ({@code questions.jsonl}'s {@code image})
 * @param imagePath the image file
 * @param text the question
 * @param category {@code conv}, {@code detail} or {@code complex}
 * @param context the review's {@code cap_str}: the image's captions joined by newlines
 * @param referenceAnswer GPT-4's answer (assistant 1 of the review)
 * @param referenceAnswerId {@code ans1.get('answer_id', ans1['question_id'])}
 */
public record LlavaBenchQuestion(
    String questionId,
    String image,
    Path imagePath,
    String text,
    String category,
    String context,
    String referenceAnswer,
    String referenceAnswerId) {}
