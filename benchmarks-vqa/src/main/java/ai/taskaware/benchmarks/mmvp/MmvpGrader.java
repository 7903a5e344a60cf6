package ai.taskaware.benchmarks.mmvp;

import ai.taskaware.benchmarks.judge.JudgeRequest;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** The official MMVP GPT grader's request and reply rule ({@code scripts/gpt_grader.py}). */
public final class MmvpGrader {

  /** The model {@code gpt_grader.py} asks. */
  public static final String MODEL = "gpt-4-0314";

  /** What {@code get_yes_no_answer} returns for a reply that is not exactly yes or no. */
  public static final String UNDETERMINED = "Could not determine yes or no.";

  static final String SYSTEM =
      "You are a helpful and precise assistant for checking the quality of the answer. Please"
          + " answer in only yes or no.";

  // gpt_grader.py: re.compile(r"^(yes|no)$", re.IGNORECASE).match(answer). Python's '$' also
  // matches before one final '\n', which Java's '$' does too without MULTILINE.
  private static final Pattern YES_NO =
      Pattern.compile(
          "^(yes|no)$", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNIX_LINES);

  private MmvpGrader() {}

  /**
   * The grader's request ({@code gpt_grader.py}: {@code question4gpt}, system message, temperature
   * 0.2, no max_tokens).
   *
   * @param prompt the question as asked, i.e. {@link MmvpQuestion#prompt()}
   * @param correctAnswer the CSV's Correct Answer
   * @param response the model's answer
   */
  public static JudgeRequest request(String prompt, String correctAnswer, String response) {
    String question4gpt =
        "Given the following question "
            + prompt
            + ", the correct answer is "
            + correctAnswer
            + ". Does the following answer correctly answers the question, answer:"
            + response
            + "?";
    return new JudgeRequest(MODEL, SYSTEM, question4gpt, 0.2, OptionalInt.empty());
  }

  /**
   * The grade of a reply as {@code get_yes_no_answer} returns it: the reply lower-cased when it
   * matches {@code ^(yes|no)$} (case-insensitive), else {@link #UNDETERMINED}. Note that a reply
   * {@code "Yes\n"} matches yet grades {@code "yes\n"}, which the script does not count as yes.
   */
  public static String grade(String reply) {
    if (reply != null && YES_NO.matcher(reply).find()) {
      return reply.toLowerCase(Locale.ROOT);
    }
    return UNDETERMINED;
  }

  /** Whether a grade counts as correct ({@code gpt_grade == "yes"}). */
  public static boolean isCorrect(String grade) {
    return "yes".equals(grade);
  }
}
