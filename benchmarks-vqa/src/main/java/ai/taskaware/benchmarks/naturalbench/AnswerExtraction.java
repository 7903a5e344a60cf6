package ai.taskaware.benchmarks.naturalbench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** NaturalBench's {@code extract_answer} (naturalbench_vqa.py), rule for rule. */
public final class AnswerExtraction {

  /** The value {@code extract_answer} returns when neither word is found. */
  public static final int UNANSWERED = -1;

  private static final int FLAGS =
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;

  private AnswerExtraction() {}

  /**
   * 1 when {@code "yes"} (or {@code "A"}) appears first as a whole word, case-insensitively; 0 when
   * {@code "no"} (or {@code "B"}) does; −1 when neither appears. Case-insensitive means an article
   * "a" counts as option A, as in the official code.
   */
  public static int extract(String output, QuestionType type) {
    int positive = firstWord(output, type.positive());
    int negative = firstWord(output, type.negative());
    if (positive == -1 && negative == -1) {
      return UNANSWERED;
    }
    if (positive != -1 && negative != -1) {
      return positive < negative ? 1 : 0;
    }
    return positive == -1 ? 0 : 1;
  }

  // find_word_position: re.search(r'\b' + re.escape(word) + r'\b', string, re.IGNORECASE)
  private static int firstWord(String text, String word) {
    Matcher m = Pattern.compile("\\b" + Pattern.quote(word) + "\\b", FLAGS).matcher(text);
    return m.find() ? m.start() : -1;
  }
}
