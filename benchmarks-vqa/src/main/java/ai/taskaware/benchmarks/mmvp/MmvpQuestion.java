package ai.taskaware.benchmarks.mmvp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of MMVP's {@code Questions.csv}.
 *
 * @param index the 1-based row number, which is also the image's file name ({@code
 *     evaluate_mllm.py}: {@code photo_id = index + 1})
 * @param question the question
 * @param options the options text, e.g. {@code "(a) Open (b) Closed"}
 * @param correctAnswer the correct option, e.g. {@code "(a)"}
 * @param image the image file
 */
public record MmvpQuestion(
    int index, String question, String options, String correctAnswer, Path image) {

  private static final Pattern LABEL = Pattern.compile("\\(([a-z])\\)\\s*");

  /** The prompt {@code evaluate_mllm.py} builds: {@code row['Question'] + " " + row['Options']}. */
  public String prompt() {
    return question + " " + options;
  }

  /**
   * The option texts of {@link #options()}, in label order: {@code "(a) Open (b) Closed"} → Open,
   * Closed.
   */
  public List<String> optionTexts() {
    return optionTexts(options);
  }

  /**
   * The texts between the labels {@code (a)}, {@code (b)}, … of {@code text}, from the first {@code
   * (a)} on (so a whole prompt works too); empty when there is no {@code (a)}.
   */
  public static List<String> optionTexts(String text) {
    Matcher m = LABEL.matcher(text);
    List<int[]> labels = new ArrayList<>();
    char expected = 'a';
    while (m.find()) {
      if (m.group(1).charAt(0) == expected) {
        labels.add(new int[] {m.start(), m.end()});
        expected++;
      }
    }
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      int end = i + 1 < labels.size() ? labels.get(i + 1)[0] : text.length();
      texts.add(text.substring(labels.get(i)[1], end).strip());
    }
    return List.copyOf(texts);
  }
}
