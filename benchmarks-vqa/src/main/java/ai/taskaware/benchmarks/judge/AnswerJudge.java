package ai.taskaware.benchmarks.judge;

/**
 * Decides whether a model's answer to a benchmark question is correct: the judge abstraction of the
 * benchmarks whose per-answer verdict is pluggable. {@link ExactMatchJudge} compares normalized
 * text, {@link OptionMatchJudge} finds the option the answer picks (by letter or by option text),
 * and {@code mmvp.MmvpGrader} asks a GPT {@link ChatJudge} with MMVP's official grader prompt and
 * yes/no rule.
 *
 * <p>Implementations must be thread-safe.
 */
public interface AnswerJudge {

  /**
   * The verdict on {@code answer}.
   *
   * @throws JudgeException when a remote judge could not be asked
   * @throws IllegalArgumentException when the answer key does not fit the judge (e.g. a correct
   *     answer that names none of the options)
   */
  Verdict judge(JudgedAnswer answer);

  /** A short, stable name for provenance and reports, e.g. {@code "option"}. */
  String name();
}
