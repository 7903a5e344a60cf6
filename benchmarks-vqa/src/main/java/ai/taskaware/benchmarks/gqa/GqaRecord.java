package ai.taskaware.benchmarks.gqa;

/**
 * One question's result.
 *
 * @param questionId the question
 * @param text the model's raw answer (LLaVA's answer-file {@code text})
 * @param prediction the normalized prediction
 * @param answer the gold answer
 * @param open whether the question's structural type is {@code query} ("open" in {@code eval.py})
 * @param correct {@code prediction.equals(answer)}
 */
public record GqaRecord(
    String questionId,
    String text,
    String prediction,
    String answer,
    boolean open,
    boolean correct) {}
