package ai.taskaware.metrics.caption;

import ai.taskaware.metrics.MetricInputException;
import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.process.CoreLabelTokenFactory;
import edu.stanford.nlp.process.PTBTokenizer;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * pycocoevalcap's {@code ptbtokenizer.py} in process: the captions joined by newlines go through
 * CoreNLP 3.4.1's PTB lexer with the options its command line sets for {@code -preserveLines
 * -lowerCase}, each output line is rebuilt as the command line prints it, and the punctuation
 * tokens are dropped with Python's string semantics.
 */
final class PtbCaptionTokenizer implements CaptionTokenizer {
  /**
   * pycocoevalcap's PUNCTUATIONS, verbatim. The bracket entries are upper case while the tokenizer
   * lower-cases its output, so "-lrb-" and "-rrb-" survive, exactly as in the reference.
   */
  private static final Set<String> PUNCTUATIONS =
      Set.of(
          "''", "'", "``", "`", "-LRB-", "-RRB-", "-LCB-", "-RCB-", ".", "?", "!", ",", ":", "-",
          "--", "...", ";");

  /** Characters CoreNLP's lexer treats as line ends (its NEWLINE macro). */
  private static final String LINE_ENDS = "\r\n\u2028\u2029\u000B\u000C\u0085";

  @Override
  public List<String> tokenize(List<String> captions) {
    if (captions.isEmpty()) {
      return List.of();
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < captions.size(); i++) {
      String caption = captions.get(i);
      if (caption == null) {
        throw new MetricInputException("caption " + i + " is null, expected a string");
      }
      if (i > 0) {
        text.append('\n');
      }
      text.append(flattenLineEnds(caption));
    }
    List<StringBuilder> lines = new ArrayList<>(captions.size());
    lines.add(new StringBuilder());
    boolean beginLine = true;
    String newline = PTBTokenizer.getNewlineToken();
    PTBTokenizer<CoreLabel> lexer =
        new PTBTokenizer<>(
            new StringReader(text.toString()), new CoreLabelTokenFactory(), "tokenizeNLs");
    while (lexer.hasNext()) {
      String token = lexer.next().get(CoreAnnotations.TextAnnotation.class);
      if (newline.equals(token)) {
        lines.add(new StringBuilder());
        beginLine = true;
      } else {
        StringBuilder line = lines.get(lines.size() - 1);
        if (!beginLine) {
          line.append(' ');
        }
        beginLine = false;
        line.append(token.toLowerCase(Locale.ENGLISH));
      }
    }
    if (lines.size() != captions.size()) {
      throw new IllegalStateException(
          "PTB tokenizer returned " + lines.size() + " lines for " + captions.size() + " captions");
    }
    List<String> tokenized = new ArrayList<>(lines.size());
    for (StringBuilder line : lines) {
      tokenized.add(dropPunctuation(line.toString()));
    }
    return tokenized;
  }

  /**
   * pycocoevalcap replaces only '\n'; the lexer also ends lines at '\r' and a few other characters,
   * which in the reference would shift every later caption onto the wrong image. They become
   * spaces.
   */
  private static String flattenLineEnds(String caption) {
    StringBuilder flat = new StringBuilder(caption.length());
    for (int i = 0; i < caption.length(); i++) {
      char c = caption.charAt(i);
      flat.append(LINE_ENDS.indexOf(c) >= 0 ? ' ' : c);
    }
    return flat.toString();
  }

  private static String dropPunctuation(String line) {
    List<String> kept = new ArrayList<>();
    for (String token : PythonText.splitOnSpace(PythonText.rstrip(line))) {
      if (!PUNCTUATIONS.contains(token)) {
        kept.add(token);
      }
    }
    return String.join(" ", kept);
  }
}
