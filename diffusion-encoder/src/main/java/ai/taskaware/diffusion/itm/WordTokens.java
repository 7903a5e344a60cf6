package ai.taskaware.diffusion.itm;

import ai.taskaware.clip.text.ClipTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A word of a prompt and the positions of its BPE tokens in the encoded 77-position sequence
 * (position 0 is BOS, so the first content token is at 1).
 *
 * @param word the word as written (a whitespace-separated piece of the prompt)
 * @param positions its token positions, ascending; a word split into several BPE tokens has several
 */
public record WordTokens(String word, List<Integer> positions) {

  /** Copies. */
  public WordTokens {
    positions = List.copyOf(positions);
  }

  /**
   * Aligns the words of {@code text} with its tokens. The DJL tokenizer does not expose character
   * offsets through {@link ClipTokenizer}, so each whitespace-separated word is tokenized on its
   * own ({@link ClipTokenizer#contentIds}); CLIP's pre-tokenizer splits at whitespace, so the
   * words' ids laid end to end must be the text's ids, which is checked. Tokens cut by truncation
   * (beyond position {@code maxLength − 2}) are left out, and so are words left without tokens.
   *
   * @throws ScoringInputException when the text is null or blank, or the words' ids do not add up
   *     to the text's
   */
  public static List<WordTokens> align(ClipTokenizer tokenizer, String text) {
    if (text == null || text.isBlank()) {
      throw new ScoringInputException("text", "a non-blank text is needed, got " + quote(text));
    }
    long[] whole = tokenizer.contentIds(text);
    int kept = Math.min(whole.length, tokenizer.maxLength() - 2);
    List<WordTokens> out = new ArrayList<>();
    long[] joined = new long[0];
    for (String word : text.strip().split("\\s+")) {
      long[] ids = tokenizer.contentIds(word);
      List<Integer> positions = new ArrayList<>();
      for (int k = 0; k < ids.length; k++) {
        int position = joined.length + k + 1;
        if (position <= kept) {
          positions.add(position);
        }
      }
      long[] grown = Arrays.copyOf(joined, joined.length + ids.length);
      System.arraycopy(ids, 0, grown, joined.length, ids.length);
      joined = grown;
      if (!positions.isEmpty()) {
        out.add(new WordTokens(word, positions));
      }
    }
    if (!Arrays.equals(joined, whole)) {
      throw new ScoringInputException(
          "text",
          quote(text)
              + " tokenizes differently word by word ("
              + Arrays.toString(joined)
              + ") than whole ("
              + Arrays.toString(whole)
              + "); cannot align words with tokens");
    }
    return out;
  }

  /**
   * The number of the text's own tokens in the encoded sequence (BOS, EOS and padding not counted;
   * at most {@code maxLength − 2}).
   */
  static int contentTokens(ClipTokenizer tokenizer, String text) {
    return Math.min(tokenizer.contentIds(text).length, tokenizer.maxLength() - 2);
  }

  static String quote(String text) {
    if (text == null) {
      return "null";
    }
    return "\"" + (text.length() > 60 ? text.substring(0, 60) + "…" : text) + "\"";
  }
}
