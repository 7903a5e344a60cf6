package ai.taskaware.metrics.spice;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One sentence's dependency graph as SPICE's rules read it: tokens by index, typed edges and roots.
 * Relation names are those of CoreNLP 3.6.0's Universal Dependencies v1, which SPICE 1.0's rules
 * were written for; graphs from CoreNLP 4.5 (UD v2) are renamed on the way in ({@link #ud1}).
 */
record DependencyGraph(Map<Integer, Token> tokens, List<Edge> edges, Set<Integer> roots) {

  /** A token: its surface form, lemma and Penn Treebank tag. */
  record Token(int index, String word, String lemma, String tag) {
    boolean isNoun() {
      return tag.startsWith("NN");
    }

    /** {@code NNS} or {@code NNPS}. */
    boolean isPluralNoun() {
      return tag.equals("NNS") || tag.equals("NNPS");
    }
  }

  /** A typed dependency from governor to dependent, both token indices. */
  record Edge(int governor, int dependent, String relation) {}

  DependencyGraph {
    tokens = new TreeMap<>(tokens);
    edges = List.copyOf(edges);
    roots = Set.copyOf(roots);
  }

  Token token(int index) {
    return tokens.get(index);
  }

  Collection<Token> tokensInOrder() {
    return tokens.values();
  }

  List<Edge> children(int governor) {
    List<Edge> out = new ArrayList<>();
    for (Edge e : edges) {
      if (e.governor() == governor) {
        out.add(e);
      }
    }
    return out;
  }

  List<Edge> parents(int dependent) {
    List<Edge> in = new ArrayList<>();
    for (Edge e : edges) {
      if (e.dependent() == dependent) {
        in.add(e);
      }
    }
    return in;
  }

  /** The first child reached by exactly {@code relation} (CoreNLP's getChildWithReln), or null. */
  Token child(int governor, String relation) {
    for (Edge e : edges) {
      if (e.governor() == governor && e.relation().equals(relation)) {
        return tokens.get(e.dependent());
      }
    }
    return null;
  }

  List<Token> childrenWith(int governor, String relation) {
    List<Token> out = new ArrayList<>();
    for (Edge e : edges) {
      if (e.governor() == governor && e.relation().equals(relation)) {
        out.add(tokens.get(e.dependent()));
      }
    }
    return out;
  }

  /**
   * The UD v1 name of a CoreNLP 4.5 relation: {@code obj} → {@code dobj}, {@code obl:X} → {@code
   * nmod:X} (v2 split v1's nmod into nmod and obl), {@code nsubj:pass} → {@code nsubjpass}, {@code
   * det:qmod} → {@code qmod} (v2's own analysis of "a lot of", which SPICE's enhancer produced as
   * qmod), {@code fixed} → {@code mwe}. Other names are the same in both.
   */
  static String ud1(String relation) {
    if (relation.equals("obj")) {
      return "dobj";
    }
    if (relation.equals("obl")) {
      return "nmod";
    }
    if (relation.startsWith("obl:")) {
      return "nmod:" + relation.substring(4);
    }
    return switch (relation) {
      case "nsubj:pass" -> "nsubjpass";
      case "csubj:pass" -> "csubjpass";
      case "aux:pass" -> "auxpass";
      case "det:qmod" -> "qmod";
      case "fixed" -> "mwe";
      default -> relation;
    };
  }
}
