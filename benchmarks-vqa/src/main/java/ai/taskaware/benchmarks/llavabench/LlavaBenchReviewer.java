package ai.taskaware.benchmarks.llavabench;

import ai.taskaware.benchmarks.judge.JudgeRequest;
import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** The GPT-4 review of {@code eval_gpt_review_bench.py}: request and {@code parse_score}. */
public final class LlavaBenchReviewer {

  /** The model the review script asks. */
  public static final String MODEL = "gpt-4-0314";

  /** The script's {@code --max-tokens} default. */
  public static final int MAX_TOKENS = 1024;

  static final String SYSTEM =
      "You are a helpful and precise assistant for checking the quality of the answer.";

  /** {@code rule.json}'s role for the llava_bench categories. */
  static final String ROLE = "Assistant";

  /** {@code rule.json}'s prompt, identical for llava_bench_conv, _detail and _complex. */
  static final String RULE_PROMPT =
      "We would like to request your feedback on the performance of two AI assistants in response"
          + " to the user question displayed above. The user asks the question on observing an"
          + " image. For your reference, the visual content in the image is represented with a few"
          + " sentences describing the image. \n"
          + "Please rate the helpfulness, relevance, accuracy, level of details of their responses."
          + " Each assistant receives an overall score on a scale of 1 to 10, where a higher score"
          + " indicates better overall performance.\n"
          + "Please first output a single line containing only two values indicating the scores"
          + " for Assistant 1 and 2, respectively. The two scores are separated by a space.\n"
          + "In the subsequent line, please provide a comprehensive explanation of your evaluation,"
          + " avoiding any potential bias and ensuring that the order in which the responses were"
          + " presented does not affect your judgment.";

  /** What {@code parse_score} returns for a review it cannot parse. */
  public static final List<Double> UNPARSED = List.of(-1.0, -1.0);

  // Python float(): optional sign, decimal digits with single underscores between digits, optional
  // fraction and exponent, or inf/infinity/nan; surrounding whitespace allowed.
  private static final Pattern PYTHON_FLOAT =
      Pattern.compile(
          "[+-]?(?:(?:\\d(?:_?\\d)*)?\\.\\d(?:_?\\d)*|\\d(?:_?\\d)*\\.?)(?:[eE][+-]?\\d(?:_?\\d)*)?");
  private static final Pattern PYTHON_SPECIAL =
      Pattern.compile("[+-]?(?:inf|infinity|nan)", Pattern.CASE_INSENSITIVE);

  private LlavaBenchReviewer() {}

  /**
   * The review request: {@code [Context]}, {@code [Question]}, both answers between {@code
   * [Assistant n]} markers and the rule prompt under {@code [System]}; GPT-4-0314, temperature 0.2,
   * max_tokens 1024.
   */
  public static JudgeRequest request(LlavaBenchQuestion question, String modelAnswer) {
    String content =
        "[Context]\n"
            + question.context()
            + "\n\n"
            + "[Question]\n"
            + question.text()
            + "\n\n"
            + "["
            + ROLE
            + " 1]\n"
            + question.referenceAnswer()
            + "\n\n[End of "
            + ROLE
            + " 1]\n\n"
            + "["
            + ROLE
            + " 2]\n"
            + modelAnswer
            + "\n\n[End of "
            + ROLE
            + " 2]\n\n"
            + "[System]\n"
            + RULE_PROMPT
            + "\n\n";
    return new JudgeRequest(MODEL, SYSTEM, content, 0.2, OptionalInt.of(MAX_TOKENS));
  }

  /**
   * {@code parse_score}: the review's first line, commas replaced by spaces, split on single
   * spaces; exactly two parts that Python's {@code float} accepts give the pair, anything else
   * {@link #UNPARSED}. ({@code "8, 9"} becomes {@code "8 9"}, three parts, so it is unparsed, as in
   * the script.)
   */
  public static List<Double> parseScore(String review) {
    if (review == null) {
      return UNPARSED; // the script's except branch
    }
    String first = review.split("\n", -1)[0].replace(',', ' ');
    String[] parts = first.split(" ", -1);
    if (parts.length != 2) {
      return UNPARSED;
    }
    Double a = pythonFloat(parts[0]);
    Double b = pythonFloat(parts[1]);
    if (a == null || b == null) {
      return UNPARSED;
    }
    return List.of(a, b);
  }

  static Double pythonFloat(String text) {
    String s = text.strip();
    if (PYTHON_SPECIAL.matcher(s).matches()) {
      String lower = s.toLowerCase(java.util.Locale.ROOT);
      boolean negative = lower.startsWith("-");
      if (lower.contains("nan")) {
        return Double.NaN;
      }
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (!PYTHON_FLOAT.matcher(s).matches()) {
      return null;
    }
    return new BigDecimal(s.replace("_", "")).doubleValue();
  }
}
