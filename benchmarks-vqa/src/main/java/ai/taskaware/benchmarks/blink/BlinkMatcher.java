package ai.taskaware.benchmarks.blink;

import ai.taskaware.benchmarks.judge.JudgeRequest;
import java.util.List;
import java.util.OptionalInt;

/** The GPT-3.5 fallback of {@code analyze_answer} ({@code eval/multiple_choice.py}). */
public final class BlinkMatcher {

  /** The model {@code match_multiple_choice} asks. */
  public static final String MODEL = "gpt-3.5-turbo";

  /** What {@code match_multiple_choice} returns after ten failed attempts. */
  public static final String FAILED = "(Z) Failed to get multiple choice";

  // build_prompt's template up to its last example, verbatim (missing spaces after "(Z)" included).
  private static final String PREAMBLE =
      "You are an AI assistant who will help me to match an answer with several options of a"
          + " single-choice question. You are provided with a question, several options, and an"
          + " answer, and you need to find which option is most similar to the answer. If the"
          + " answer says things like refuse to answer, I'm sorry cannot help, etc., output (Z)If"
          + " the meaning of all options are significantly different from the answer, or the"
          + " answer does not select any option, output (Z)Your should output one of the choices,"
          + " (A),(B),(C),(D),(E) (if they are valid options), or (Z)\n"
          + "Example 1: \n"
          + "Question: Which point is closer to the camera?\n"
          + "Select from the following choices.\n"
          + "Options: (A) Point A\n"
          + "(B) Point B\n"
          + "(Z) Failed\n"
          + "Answer: Point B, where the child is sitting, is closer to the camera.\n"
          + "Your output: (B)\n"
          + "Example 2: \n"
          + "Question: Which point is closer to the camera?\n"
          + "Select from the following choices.\n"
          + "Options: (A) Point A\n"
          + "(B) Point B\n"
          + "(Z) Failed\n"
          + "Answer: I'm sorry, but I can't assist with that request.\n"
          + "Your output: (Z)\n"
          + "Example 3: \n"
          + "Question: Which point is corresponding to the reference point?\n"
          + "Select from the following choices.\n"
          + "Options: (A) Point A\n"
          + "(B) Point B\n"
          + "(Z) Failed\n"
          + "Answer:The reference point (REF) on the first image is at the tip of the pot, which"
          + " is the part used to Poke if the pots were used for that action. Looking at the"
          + " second image, we need to find the part of the object that would correspond to"
          + " poking.\n"
          + "(A) Point A is at the tip of the spoon's handle, which is not used for poking.\n"
          + "(B) Point B is at the bottom of the spoon, which is not used for poking.\n"
          + "(C) Point C is on the side of the pspoonot, which is not used for poking.\n"
          + "(D) Point D is at the tip of the spoon, which is not used for poking.\n"
          + "\n"
          + "Therefore, there is no correct answer in the choices\n"
          + "Your output: (Z)\n"
          + "Example 4: \n"
          + "Question: ";

  private BlinkMatcher() {}

  /**
   * The request {@code analyze_answer} sends: question {@code d['question'] + "\nSelect from the
   * following choices"}, options {@code "(A) text\n(B) text…"}, the raw output; user message only,
   * temperature 0.
   *
   * @throws IllegalArgumentException for more than five choices (the official code fails with an
   *     IndexError there and records no prediction)
   */
  public static JudgeRequest request(String question, List<String> choices, String output) {
    List<String> letters = List.of("(A)", "(B)", "(C)", "(D)", "(E)");
    if (choices.size() > letters.size()) {
      throw new IllegalArgumentException("BLINK's matcher handles at most 5 choices");
    }
    StringBuilder options = new StringBuilder();
    for (int i = 0; i < choices.size(); i++) {
      if (i > 0) {
        options.append('\n');
      }
      options.append(letters.get(i)).append(' ').append(choices.get(i));
    }
    // tmpl.format(question, options, prediction) with the template's last example
    // "Question: {}?\nOptions: {}\n(Z) Failed\nAnswer: {}\nYour output: "
    String prompt =
        PREAMBLE
            + question
            + "\nSelect from the following choices?\nOptions: "
            + options
            + "\n(Z) Failed\nAnswer: "
            + output
            + "\nYour output: ";
    return new JudgeRequest(MODEL, "", prompt, 0.0, OptionalInt.empty());
  }
}
