package ai.taskaware.benchmarks.judge;

import java.util.Locale;

/**
 * Correct when the answer equals the answer key after normalization: surrounding whitespace
 * stripped, inner whitespace runs made one space, trailing periods removed and lower-cased (GQA's
 * {@code convert_gqa_for_eval.py} rule, {@code rstrip('.').lower()}, on a stripped answer).
 */
public final class ExactMatchJudge implements AnswerJudge {

  /** The judge's {@link #name()}. */
  public static final String NAME = "exact";

  /** A judge (stateless). */
  public ExactMatchJudge() {}

  /** {@code text} normalized as this judge compares it. */
  public static String normalize(String text) {
    String s = text.strip().replaceAll("\\s+", " ");
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '.') {
      end--;
    }
    return s.substring(0, end).strip().toLowerCase(Locale.ROOT);
  }

  @Override
  public Verdict judge(JudgedAnswer answer) {
    String given = normalize(answer.response());
    return Verdict.of(given.equals(normalize(answer.correctAnswer())), given);
  }

  @Override
  public String name() {
    return NAME;
  }
}
