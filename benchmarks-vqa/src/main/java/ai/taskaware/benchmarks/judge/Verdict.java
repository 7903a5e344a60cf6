package ai.taskaware.benchmarks.judge;

/**
 * What an {@link AnswerJudge} decided. Grades use the vocabulary of MMVP's {@code gpt_grader.py},
 * which result logs keep verbatim: {@code "yes"} is correct, {@code "no"} wrong, and {@link
 * #UNDETERMINED} (or any other text a GPT grader returned) counts as not correct.
 *
 * @param grade {@link #CORRECT}, {@link #WRONG}, {@link #UNDETERMINED} or a GPT grader's
 *     lower-cased reply
 * @param reply what the judge said: a GPT grader's raw reply, the option a matcher picked (e.g.
 *     {@code "(a)"}, empty when none) or the normalized answer of an exact match
 */
public record Verdict(String grade, String reply) {

  /** The grade of a correct answer. */
  public static final String CORRECT = "yes";

  /** The grade of a wrong answer. */
  public static final String WRONG = "no";

  /** What {@code get_yes_no_answer} returns when it cannot tell; also a matcher that finds none. */
  public static final String UNDETERMINED = "Could not determine yes or no.";

  /** Checks. */
  public Verdict {
    if (grade == null || reply == null) {
      throw new IllegalArgumentException("grade and reply must not be null");
    }
  }

  /** A yes/no verdict. */
  public static Verdict of(boolean correct, String reply) {
    return new Verdict(correct ? CORRECT : WRONG, reply);
  }

  /** Whether the grade is {@link #CORRECT}. */
  public boolean correct() {
    return CORRECT.equals(grade);
  }
}
