package ai.taskaware.benchmarks.naturalbench;

import java.util.Locale;
import java.util.Optional;

/** NaturalBench's two question types and their prompt suffixes ({@code SUFFIX_FOR_VQA}). */
public enum QuestionType {
  /** Answered yes or no. */
  YES_NO("yes_no", "Please answer Yes or No.", "yes", "no"),
  /** Answered with option letter A or B. */
  MULTIPLE_CHOICE(
      "multiple_choice", "Please output the letter corresponding to the correct option.", "A", "B");

  private final String published;
  private final String suffix;
  private final String positive;
  private final String negative;

  QuestionType(String published, String suffix, String positive, String negative) {
    this.published = published;
    this.suffix = suffix;
    this.positive = positive;
    this.negative = negative;
  }

  /** The name in the dataset's {@code Question_Type} column. */
  public String published() {
    return published;
  }

  /** The suffix appended to the question ({@code SUFFIX_FOR_VQA[type]}). */
  public String suffix() {
    return suffix;
  }

  /** The word {@code extract_answer} maps to 1 ({@code "yes"} or {@code "A"}). */
  String positive() {
    return positive;
  }

  /** The word {@code extract_answer} maps to 0 ({@code "no"} or {@code "B"}). */
  String negative() {
    return negative;
  }

  /** The type named {@code published}, if any. */
  public static Optional<QuestionType> of(String published) {
    for (QuestionType type : values()) {
      if (type.published.equals(published.toLowerCase(Locale.ROOT))) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
