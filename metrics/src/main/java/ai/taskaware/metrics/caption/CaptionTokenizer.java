package ai.taskaware.metrics.caption;

import java.util.List;

/**
 * Turns raw captions into the space-separated token strings the scorers read. Tokenizers see a
 * whole batch at once because PTB tokenization of one line can depend on the next.
 */
public interface CaptionTokenizer {

  /** Tokenizes each caption; the result has one token string per input caption, in input order. */
  List<String> tokenize(List<String> captions);

  /**
   * pycocoevalcap's tokenizer: Stanford CoreNLP 3.4.1 {@code PTBTokenizer -preserveLines
   * -lowerCase} over all captions joined by newlines, then its punctuation tokens removed.
   */
  static CaptionTokenizer ptb() {
    return new PtbCaptionTokenizer();
  }

  /** Leaves captions as given, for text that is already tokenized (pycocoevalcap without PTB). */
  static CaptionTokenizer none() {
    return List::copyOf;
  }
}
