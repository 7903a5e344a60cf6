package ai.taskaware.llm.prompt;

import java.util.ArrayList;
import java.util.List;

/**
 * A LLaVA conversation template ({@code llava/conversation.py}): how a system prompt and turns
 * become one prompt string.
 *
 * @param name LLaVA's template name
 * @param system system prompt
 * @param userRole role of even turns
 * @param assistantRole role of odd turns
 * @param style how turns are joined
 * @param sep separator after user turns (and after the system prompt for {@link Style#TWO})
 * @param sep2 separator after assistant turns, null when the template has none
 */
public record ConversationTemplate(
    String name,
    String system,
    String userRole,
    String assistantRole,
    Style style,
    String sep,
    String sep2) {

  /** LLaVA's separator styles that this package renders. */
  public enum Style {
    /**
     * {@code system + sep}, then {@code "ROLE: message" + sep/sep2}, an empty turn as {@code
     * "ROLE:"}.
     */
    TWO,
    /** {@code system}, then each non-empty message followed by {@code sep}/{@code sep2}. */
    PLAIN
  }

  /** The system prompt of {@code vicuna_v1} (and LLaVA-1.5's {@code llava_v1}). */
  public static final String VICUNA_V1_SYSTEM =
      "A chat between a curious user and an artificial intelligence assistant. "
          + "The assistant gives helpful, detailed, and polite answers to the user's questions.";

  /** LLaVA's {@code conv_vicuna_v1}: roles USER/ASSISTANT, separators " " and "</s>". */
  public static final ConversationTemplate VICUNA_V1 =
      new ConversationTemplate(
          "vicuna_v1", VICUNA_V1_SYSTEM, "USER", "ASSISTANT", Style.TWO, " ", "</s>");

  /**
   * LLaVA's {@code conv_llava_plain} (pretraining format): no system prompt, empty roles, sep "\n"
   * and no second separator.
   */
  public static final ConversationTemplate PLAIN =
      new ConversationTemplate("plain", "", "", "", Style.PLAIN, "\n", null);

  /**
   * One turn. A {@code null} or empty message is the open turn the model completes.
   *
   * @param user whether the user (even turn) speaks
   * @param message the text, may contain {@code <image>}
   * @param withImage LLaVA's tuple message: the turn carries an image, so rendering moves the
   *     {@code <image>} placeholder to the front of the first turn ({@code "<image>\n" + text})
   */
  public record Turn(boolean user, String message, boolean withImage) {}

  /**
   * Renders {@code turns} as LLaVA's {@code Conversation.get_prompt()} does.
   *
   * @throws IllegalArgumentException when turns do not alternate user/assistant starting with the
   *     user, or a template without {@code sep2} must close an assistant turn (LLaVA's plain
   *     template can only render a user turn followed by an open assistant turn)
   */
  public String render(List<Turn> turns) {
    List<Turn> ts = new ArrayList<>(turns);
    for (int i = 0; i < ts.size(); i++) {
      if (ts.get(i).user() != (i % 2 == 0)) {
        throw new IllegalArgumentException(
            "template "
                + name
                + ": turn "
                + i
                + " must be from the "
                + (i % 2 == 0 ? "user" : "assistant"));
      }
    }
    if (!ts.isEmpty() && ts.get(0).withImage()) {
      Turn first = ts.get(0);
      String text = first.message().replace(ImagePrompt.IMAGE_PLACEHOLDER, "").strip();
      ts.set(0, new Turn(true, ImagePrompt.IMAGE_PLACEHOLDER + "\n" + text, true));
    }
    StringBuilder out = new StringBuilder(system);
    if (style == Style.TWO) {
      out.append(sep);
    }
    for (int i = 0; i < ts.size(); i++) {
      Turn t = ts.get(i);
      String role = t.user() ? userRole : assistantRole;
      boolean open = t.message() == null || t.message().isEmpty();
      String separator = i % 2 == 0 ? sep : sep2;
      if (!open && separator == null) {
        throw new IllegalArgumentException(
            "template "
                + name
                + " has no second separator (LLaVA sets sep2=None), so turn "
                + i
                + " (assistant) must be left open");
      }
      if (style == Style.TWO) {
        out.append(open ? role + ":" : role + ": " + t.message() + separator);
      } else if (!open) {
        out.append(t.message()).append(separator);
      }
    }
    return out.toString();
  }

  /**
   * The prompt of a single question as LLaVA's evaluation scripts build it: {@code "<image>\n"} per
   * image before the question, then an open assistant turn.
   */
  public String singleTurnPrompt(String question, int images) {
    String q = ImagePrompt.IMAGE_PLACEHOLDER.concat("\n").repeat(images) + question;
    return render(List.of(new Turn(true, q, false), new Turn(false, null, false)));
  }
}
