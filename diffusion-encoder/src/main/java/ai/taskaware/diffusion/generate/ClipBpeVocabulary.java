package ai.taskaware.diffusion.generate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small CLIP byte-level BPE vocabulary in CLIP's id order: the 256 byte characters of GPT-2's
 * {@code bytes_to_unicode} (so {@code "!"} is id 0, SD2's pad token), the same with {@code </w>},
 * one token per merge, then {@code <|startoftext|>} and {@code <|endoftext|>}. The merges are
 * learned greedily from a fixed list of caption and question words (most frequent pair first, ties
 * broken by the pair's text), so the vocabulary is the same on every run.
 */
final class ClipBpeVocabulary {
  static final String START = "<|startoftext|>";
  static final String END = "<|endoftext|>";
  static final String WORD_END = "</w>";

  private static final String CORPUS =
      "a photo of the cat and the dog on a red sofa what is in the image is there a person"
          + " how many cats are there which color is the car a man riding a horse on the beach"
          + " the the the a a a of of on in is is what what photo photo image image there there"
          + " color colour dog dogs cat cats man woman people street table room kitchen bus"
          + " train sitting standing holding left right front behind between";

  private final List<String> merges = new ArrayList<>();
  private final Map<String, Integer> ids = new LinkedHashMap<>();

  ClipBpeVocabulary(int maxMerges) {
    List<String> bytes = byteCharacters();
    for (String b : bytes) {
      ids.put(b, ids.size());
    }
    for (String b : bytes) {
      ids.put(b + WORD_END, ids.size());
    }
    learn(maxMerges, bytes);
    for (String m : merges) {
      ids.putIfAbsent(m.replace(" ", ""), ids.size());
    }
  }

  /** GPT-2's {@code bytes_to_unicode} values, in its order. */
  static List<String> byteCharacters() {
    List<Integer> bs = new ArrayList<>();
    for (int c = '!'; c <= '~'; c++) {
      bs.add(c);
    }
    for (int c = 0xA1; c <= 0xAC; c++) {
      bs.add(c);
    }
    for (int c = 0xAE; c <= 0xFF; c++) {
      bs.add(c);
    }
    List<String> out = new ArrayList<>();
    for (int b : bs) {
      out.add(String.valueOf((char) b));
    }
    int n = 0;
    for (int b = 0; b < 256; b++) {
      if (!bs.contains(b)) {
        out.add(String.valueOf((char) (256 + n)));
        n++;
      }
    }
    return out;
  }

  private void learn(int maxMerges, List<String> byteChars) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String w : CORPUS.split(" ")) {
      counts.merge(w, 1, Integer::sum);
    }
    List<List<String>> words = new ArrayList<>();
    List<Integer> freq = new ArrayList<>();
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      List<String> symbols = new ArrayList<>();
      String w = e.getKey();
      for (int i = 0; i < w.length(); i++) {
        // corpus is ASCII: a byte's character is the character itself
        String c = byteChars.get(byteChars.indexOf(String.valueOf(w.charAt(i))));
        symbols.add(i == w.length() - 1 ? c + WORD_END : c);
      }
      words.add(symbols);
      freq.add(e.getValue());
    }
    for (int m = 0; m < maxMerges; m++) {
      Map<String, Integer> pairs = new TreeMap<>();
      for (int i = 0; i < words.size(); i++) {
        List<String> s = words.get(i);
        for (int j = 0; j + 1 < s.size(); j++) {
          pairs.merge(s.get(j) + " " + s.get(j + 1), freq.get(i), Integer::sum);
        }
      }
      String best = null;
      int bestCount = 0;
      for (Map.Entry<String, Integer> e : pairs.entrySet()) {
        if (e.getValue() > bestCount) {
          best = e.getKey();
          bestCount = e.getValue();
        }
      }
      if (best == null) {
        return;
      }
      merges.add(best);
      String[] ab = best.split(" ");
      for (List<String> s : words) {
        for (int j = 0; j + 1 < s.size(); j++) {
          if (s.get(j).equals(ab[0]) && s.get(j + 1).equals(ab[1])) {
            s.set(j, ab[0] + ab[1]);
            s.remove(j + 1);
          }
        }
      }
    }
  }

  /** The merges, {@code "a b"} each, in rank order. */
  List<String> merges() {
    return List.copyOf(merges);
  }

  /** Token → id for the byte and merge tokens (without the two special tokens). */
  Map<String, Integer> ids() {
    return java.util.Collections.unmodifiableMap(ids);
  }

  /** Tokens before the special ones. */
  int size() {
    return ids.size();
  }
}
