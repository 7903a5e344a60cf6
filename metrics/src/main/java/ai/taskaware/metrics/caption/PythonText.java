package ai.taskaware.metrics.caption;

import java.util.ArrayList;
import java.util.List;

/** The Python 3 string operations the reference code applies to tokenized captions. */
final class PythonText {
  private PythonText() {}

  /** Python 3's {@code str.isspace()} for one character. */
  static boolean isSpace(char c) {
    return (c >= '\t' && c <= '\r')
        || (c >= '\u001c' && c <= ' ')
        || c == '\u0085'
        || c == '\u00a0'
        || c == '\u1680'
        || (c >= '\u2000' && c <= '\u200a')
        || c == '\u2028'
        || c == '\u2029'
        || c == '\u202f'
        || c == '\u205f'
        || c == '\u3000';
  }

  /** {@code s.split()}: runs of whitespace separate words; no empty words. */
  static List<String> splitWords(String s) {
    List<String> words = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < s.length(); i++) {
      if (isSpace(s.charAt(i))) {
        if (start >= 0) {
          words.add(s.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
    }
    if (start >= 0) {
      words.add(s.substring(start));
    }
    return words;
  }

  /** {@code s.split(" ")}: every single space separates, so empty pieces are kept. */
  static List<String> splitOnSpace(String s) {
    List<String> pieces = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ' ') {
        pieces.add(s.substring(start, i));
        start = i + 1;
      }
    }
    pieces.add(s.substring(start));
    return pieces;
  }

  /** {@code s.rstrip()}. */
  static String rstrip(String s) {
    int end = s.length();
    while (end > 0 && isSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }
}
