package ai.taskaware.metrics.spice;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A node, attribute or relation label of a SPICE scene graph: the words merged into it and their
 * WordNet synsets. Mutable because SPICE merges similar concepts as the graph is built.
 */
final class Concept {
  private final Set<String> words = new LinkedHashSet<>();
  private final Set<Long> synsets = new HashSet<>();

  Concept(String word, Set<Long> synsets) {
    this.words.add(word);
    this.synsets.addAll(synsets);
  }

  Set<String> words() {
    return words;
  }

  /** The same words and the same synsets (SPICE's equality of concepts). */
  boolean sameAs(Concept o) {
    return words.equals(o.words) && synsets.equals(o.synsets);
  }

  /** Shares a synset or a word (SPICE's match of two tuple elements). */
  boolean similarTo(Concept o) {
    for (Long s : synsets) {
      if (o.synsets.contains(s)) {
        return true;
      }
    }
    for (String w : words) {
      if (o.words.contains(w)) {
        return true;
      }
    }
    return false;
  }

  /**
   * 1 when a word is shared, else the Jaccard index of the synsets; in float, as SPICE compares it
   * (NaN when neither has a synset, which never wins a comparison).
   */
  float similarity(Concept o) {
    for (String w : words) {
      if (o.words.contains(w)) {
        return 1;
      }
    }
    Set<Long> union = new HashSet<>(synsets);
    union.addAll(o.synsets);
    int shared = synsets.size() + o.synsets.size() - union.size();
    return ((float) shared) / ((float) union.size());
  }

  void merge(Concept o) {
    words.addAll(o.words);
    synsets.addAll(o.synsets);
  }

  /** The single word a category list is checked against, or null once words were merged. */
  String singleWord() {
    return words.size() == 1 ? words.iterator().next() : null;
  }

  @Override
  public String toString() {
    return String.join("/", words);
  }
}
