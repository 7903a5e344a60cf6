package ai.taskaware.benchmarks.judge;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the option a free-form answer picks, by letter or by option text, and is correct when it is
 * the answer key's option. Options are labelled a, b, c, … in order (either case). The answer picks
 * option X when, tried in this order:
 *
 * <ol>
 *   <li>the whole answer is a label: {@code X}, {@code (X)}, {@code X)}, {@code X.} or {@code X:};
 *   <li>the answer starts with a label followed by whitespace: {@code "(X) Open"}, {@code "X.
 *       Open"};
 *   <li>exactly one distinct parenthesized label {@code (X)} occurs anywhere in it;
 *   <li>exactly one option's text occurs in it as whole words (case-insensitive).
 * </ol>
 *
 * Otherwise it picks none and the grade is {@link Verdict#UNDETERMINED} (not correct). The key may
 * be a label in any of the forms above or an option's text.
 */
public final class OptionMatchJudge implements AnswerJudge {

  /** The judge's {@link #name()}. */
  public static final String NAME = "option";

  private static final int FLAGS =
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;
  private static final Pattern WHOLE_LABEL = Pattern.compile("\\(?([a-z])\\)?[.:]?", FLAGS);
  private static final Pattern LEADING_LABEL =
      Pattern.compile("(?:\\(([a-z])\\)|([a-z])[).:])\\s.*", FLAGS | Pattern.DOTALL);
  private static final Pattern ANY_LABEL = Pattern.compile("\\(([a-z])\\)", FLAGS);

  /** A judge (stateless). */
  public OptionMatchJudge() {}

  @Override
  public Verdict judge(JudgedAnswer answer) {
    List<String> options = answer.options();
    if (options.isEmpty()) {
      throw new IllegalArgumentException(
          "option matching needs the question's options; the prompt '"
              + answer.prompt()
              + "' has none (use exact matching for open questions)");
    }
    int key = keyIndex(answer.correctAnswer(), options);
    int picked = picked(answer.response(), options);
    if (picked < 0) {
      return new Verdict(Verdict.UNDETERMINED, "");
    }
    return Verdict.of(picked == key, label(picked));
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The option index the answer key names. */
  static int keyIndex(String key, List<String> options) {
    String k = key.strip();
    Matcher whole = WHOLE_LABEL.matcher(k);
    if (whole.matches()) {
      int i = index(whole.group(1));
      if (i < options.size()) {
        return i;
      }
    }
    for (int i = 0; i < options.size(); i++) {
      if (ExactMatchJudge.normalize(options.get(i)).equals(ExactMatchJudge.normalize(k))) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "answer key '" + key + "' names none of the options " + labelled(options));
  }

  /** The option index the response picks, or −1. */
  static int picked(String response, List<String> options) {
    String r = response.strip();
    Matcher whole = WHOLE_LABEL.matcher(r);
    if (whole.matches() && index(whole.group(1)) < options.size()) {
      return index(whole.group(1));
    }
    Matcher leading = LEADING_LABEL.matcher(r);
    if (leading.matches()) {
      int i = index(leading.group(1) != null ? leading.group(1) : leading.group(2));
      if (i < options.size()) {
        return i;
      }
    }
    Set<Integer> labels = new LinkedHashSet<>();
    Matcher any = ANY_LABEL.matcher(r);
    while (any.find()) {
      int i = index(any.group(1));
      if (i < options.size()) {
        labels.add(i);
      }
    }
    if (labels.size() == 1) {
      return labels.iterator().next();
    }
    Set<Integer> texts = new LinkedHashSet<>();
    for (int i = 0; i < options.size(); i++) {
      String text = options.get(i).strip();
      if (!text.isEmpty()
          && Pattern.compile("(?<!\\w)" + Pattern.quote(text) + "(?!\\w)", FLAGS)
              .matcher(r)
              .find()) {
        texts.add(i);
      }
    }
    return texts.size() == 1 ? texts.iterator().next() : -1;
  }

  private static int index(String letter) {
    return letter.toLowerCase(Locale.ROOT).charAt(0) - 'a';
  }

  private static String label(int index) {
    return "(" + (char) ('a' + index) + ")";
  }

  private static String labelled(List<String> options) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < options.size(); i++) {
      s.append(i == 0 ? "" : " ").append(label(i)).append(' ').append(options.get(i));
    }
    return s.toString();
  }
}
