package ai.taskaware.benchmarks.mmvp;

import ai.taskaware.benchmarks.judge.AnswerJudge;
import ai.taskaware.benchmarks.judge.ChatJudge;
import ai.taskaware.benchmarks.judge.JudgeRequest;
import ai.taskaware.benchmarks.judge.JudgedAnswer;
import ai.taskaware.benchmarks.judge.Verdict;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The official MMVP GPT grader ({@code scripts/gpt_grader.py}): its request and reply rule, and an
 * {@link AnswerJudge} that asks a {@link ChatJudge} with them.
 */
public final class MmvpGrader implements AnswerJudge {

  /** The model {@code gpt_grader.py} asks. */
  public static final String MODEL = "gpt-4-0314";

  /** What {@code get_yes_no_answer} returns for a reply that is not exactly yes or no. */
  public static final String UNDETERMINED = Verdict.UNDETERMINED;

  static final String SYSTEM =
      "You are a helpful and precise assistant for checking the quality of the answer. Please"
          + " answer in only yes or no.";

  // gpt_grader.py: re.compile(r"^(yes|no)$", re.IGNORECASE).match(answer). Python's '$' also
  // matches before one final '\n', which Java's '$' does too without MULTILINE.
  private static final Pattern YES_NO =
      Pattern.compile(
          "^(yes|no)$", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNIX_LINES);

  private final ChatJudge chat;

  private MmvpGrader(ChatJudge chat) {
    this.chat = chat;
  }

  /** The grader asking {@code chat} (e.g. a {@code ChatCompletionsJudge}). */
  public static MmvpGrader using(ChatJudge chat) {
    if (chat == null) {
      throw new IllegalArgumentException("the MMVP grader needs a chat judge");
    }
    return new MmvpGrader(chat);
  }

  /**
   * Asks the chat judge {@link #request} for {@code answer} (its prompt, correct answer and
   * response) and grades the reply with {@link #grade}.
   */
  @Override
  public Verdict judge(JudgedAnswer answer) {
    String reply = chat.reply(request(answer.prompt(), answer.correctAnswer(), answer.response()));
    return new Verdict(grade(reply), reply);
  }

  /** {@code "gpt-grader:"} and the model the script asks. */
  @Override
  public String name() {
    return "gpt-grader:" + MODEL;
  }

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
