package ai.taskaware.benchmarks.blink;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code analyze_answer} of BLINK's {@code eval/test_benchmark.py}, rule for rule. */
public final class BlinkAnswerExtraction {

  private static final List<String> LETTERS = List.of("A", "B", "C", "D", "E");
  private static final List<String> OPTIONS = List.of("(A)", "(B)", "(C)", "(D)", "(E)");

  private BlinkAnswerExtraction() {}

  /** {@code all_choices = ['(A)', '(B)', '(C)', '(D)', '(E)'][:len(choices)]}. */
  public static List<String> allChoices(int choiceCount) {
    return OPTIONS.subList(0, Math.min(choiceCount, OPTIONS.size()));
  }

  /**
   * The rule-based part of {@code analyze_answer}:
   *
   * <ol>
   *   <li>the whole output is a bare letter A–E → {@code "(X)"};
   *   <li>the whole output is {@code "(A)"}…{@code "(E)"} → itself;
   *   <li>else the valid option tokens among the output's whitespace-separated tokens: if exactly
   *       one of them is in the last paragraph (text after the last {@code "\n\n"}) → it; else if
   *       exactly one is in the whole output → it;
   *   <li>otherwise (none, or several in both) → empty: the official code asks GPT-3.5 (see {@link
   *       BlinkMatcher}).
   * </ol>
   */
  public static Optional<String> extract(String output, List<String> allChoices) {
    Set<String> intersect = intersect(allChoices, pythonSplit(output));
    Set<String> intersectLast = intersect(allChoices, pythonSplit(lastParagraph(output)));
    if (LETTERS.contains(output)) {
      return Optional.of("(" + output + ")");
    }
    if (OPTIONS.contains(output)) {
      return Optional.of(output);
    }
    if ((intersect.size() != 1 && intersectLast.size() != 1) || intersect.isEmpty()) {
      return Optional.empty();
    }
    Set<String> chosen = intersectLast.size() == 1 ? intersectLast : intersect;
    return Optional.of(chosen.iterator().next());
  }

  private static Set<String> intersect(List<String> choices, List<String> tokens) {
    Set<String> out = new LinkedHashSet<>();
    for (String choice : choices) {
      if (tokens.contains(choice)) {
        out.add(choice);
      }
    }
    return out;
  }

  /** {@code text.split('\n\n')[-1]}: the text after the last non-overlapping "\n\n". */
  static String lastParagraph(String text) {
    int start = 0;
    int found;
    while ((found = text.indexOf("\n\n", start)) >= 0) {
      start = found + 2;
    }
    return text.substring(start);
  }

  /** Python's {@code str.split()}: runs of Unicode whitespace separate tokens. */
  static List<String> pythonSplit(String text) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      while (i < n && isPythonSpace(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isPythonSpace(text.charAt(i))) {
        i++;
      }
      if (i > start) {
        tokens.add(text.substring(start, i));
      }
    }
    return tokens;
  }

  private static boolean isPythonSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
  }
}
