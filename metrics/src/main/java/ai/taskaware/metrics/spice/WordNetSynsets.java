package ai.taskaware.metrics.spice;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.Exc;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.dictionary.Dictionary;

/**
 * The WordNet 3.0 synsets of a word as SPICE 1.0 collects them through Meteor 1.5's synonym files:
 * the synsets of the word itself in any part of speech, plus those of its base form. The base form
 * comes from WordNet's exception lists when the word is in one (all parts of speech pooled),
 * otherwise from the first of WordNet's detachment rules (noun, then verb, then adjective suffixes)
 * that yields a word WordNet knows. A synset is identified by part of speech and offset.
 */
final class WordNetSynsets {
  /** WordNet's morphology rules: suffix to remove and ending to add, in WordNet 3's order. */
  private static final String[][] DETACHMENTS = {
    {"s", ""},
    {"ses", "s"},
    {"xes", "x"},
    {"zes", "z"},
    {"ches", "ch"},
    {"shes", "sh"},
    {"men", "man"},
    {"ies", "y"},
    {"s", ""},
    {"ies", "y"},
    {"es", "e"},
    {"es", ""},
    {"ed", "e"},
    {"ed", ""},
    {"ing", "e"},
    {"ing", ""},
    {"er", ""},
    {"est", ""},
    {"er", "e"},
    {"est", "e"}
  };

  private final Dictionary dictionary;
  private final Map<String, Set<Long>> cache = new HashMap<>();

  private WordNetSynsets(Dictionary dictionary) {
    this.dictionary = dictionary;
  }

  /** WordNet 3.0 from the extjwnl-data-wn30 jar on the class path. */
  static WordNetSynsets load() {
    try {
      return new WordNetSynsets(Dictionary.getDefaultResourceInstance());
    } catch (JWNLException e) {
      throw new IllegalStateException(
          "SPICE: cannot load WordNet 3.0 (net.sf.extjwnl:extjwnl-data-wn30 on the class path): "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The synsets SPICE attaches to a concept (a lemma or a multi-word predicate such as "sit on").
   */
  synchronized Set<Long> of(String concept) {
    String key = concept.trim().toLowerCase(Locale.ROOT).replace(' ', '_');
    return cache.computeIfAbsent(key, this::lookUp);
  }

  private Set<Long> lookUp(String word) {
    Set<Long> synsets = new HashSet<>(exact(word));
    synsets.addAll(ofBaseForm(word));
    return Set.copyOf(synsets);
  }

  private Set<Long> ofBaseForm(String word) {
    Set<String> bases = new HashSet<>();
    for (POS pos : POS.getAllPOS()) {
      Exc exception = call(() -> dictionary.getException(pos, lemma(word)));
      if (exception != null) {
        bases.addAll(exception.getExceptions());
      }
    }
    if (!bases.isEmpty()) {
      Set<Long> synsets = new HashSet<>();
      for (String base : bases) {
        synsets.addAll(exact(base.replace(' ', '_')));
      }
      return synsets;
    }
    return exact(detached(word));
  }

  /**
   * Meteor's morph(): a word ending in "ss" or of at most two letters is its own base; otherwise
   * the first detachment giving a known word, or none.
   */
  private String detached(String word) {
    if (word.endsWith("ss") || word.length() <= 2) {
      return word;
    }
    for (String[] rule : DETACHMENTS) {
      if (word.endsWith(rule[0])) {
        String base = word.substring(0, word.length() - rule[0].length()) + rule[1];
        if (!exact(base).isEmpty()) {
          return base;
        }
      }
    }
    return "";
  }

  private Set<Long> exact(String word) {
    Set<Long> synsets = new HashSet<>();
    if (word.isEmpty()) {
      return synsets;
    }
    for (POS pos : POS.getAllPOS()) {
      IndexWord entry = call(() -> dictionary.getIndexWord(pos, lemma(word)));
      if (entry != null) {
        for (long offset : entry.getSynsetOffsets()) {
          synsets.add(pos.getId() * 1_000_000_000_000L + offset);
        }
      }
    }
    return synsets;
  }

  /** extjwnl spells multi-word lemmas with spaces where Meteor's files use underscores. */
  private static String lemma(String word) {
    return word.replace('_', ' ');
  }

  private interface Lookup<T> {
    T get() throws JWNLException;
  }

  private static <T> T call(Lookup<T> lookup) {
    try {
      return lookup.get();
    } catch (JWNLException e) {
      throw new IllegalStateException("SPICE: WordNet lookup failed: " + e.getMessage(), e);
    }
  }

  /** For tests: whether two words share a synset. */
  boolean synonyms(String a, String b) {
    Set<Long> shared = new HashSet<>(of(a));
    shared.retainAll(of(b));
    return !shared.isEmpty();
  }
}
