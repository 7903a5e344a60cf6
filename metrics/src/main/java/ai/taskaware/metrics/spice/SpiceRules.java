package ai.taskaware.metrics.spice;

import ai.taskaware.metrics.spice.DependencyGraph.Edge;
import ai.taskaware.metrics.spice.DependencyGraph.Token;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * SPICE 1.0's tuple rules (its modified scene-graph parser) over one sentence's dependency graph,
 * applied in SPICE's order: subject–predicate–object and reduced-relative triples,
 * subject–predicate pairs and copulas, adjectival modifiers and predicates, prepositional
 * modifiers, possessives, agents, numeric modifiers of plural nouns, compound nouns, and finally
 * every noun not in a compound as an object. Words are lower-cased lemmas; relation labels are
 * predicate lemmas with their particle and preposition ("sit on").
 *
 * <p>SPICE's noun-conjunction rule is not reproduced: it compares a string with a word object and
 * so never adds a tuple in SPICE 1.0 either.
 */
final class SpiceRules {
  /** iobj, dobj or any nmod:X: the objects a predicate relates its subject to. */
  private static final Pattern OBJECT = Pattern.compile("iobj|dobj|nmod:.*");

  /** SPICE's ".obj": dobj or iobj. */
  private static final Pattern DIRECT_OBJECT = Pattern.compile(".obj");

  /** nmod:X where X does not contain "agent". */
  private static final Pattern NON_AGENT_NMOD = Pattern.compile("nmod:((?!agent).)*");

  /** SPICE's ".obj|nmod.*". */
  private static final Pattern OBJECT_OR_NMOD = Pattern.compile(".obj|nmod.*");

  private final DependencyGraph g;
  private final List<List<String>> tuples = new ArrayList<>();

  private SpiceRules(DependencyGraph graph) {
    this.g = graph;
  }

  /** The tuples of all sentences, in order. */
  static List<List<String>> tuples(List<DependencyGraph> sentences) {
    List<List<String>> all = new ArrayList<>();
    for (DependencyGraph sentence : sentences) {
      all.addAll(new SpiceRules(sentence).apply());
    }
    return all;
  }

  private List<List<String>> apply() {
    triples();
    reducedRelatives();
    pairs();
    adjectives();
    prepositions();
    possessives();
    agents();
    numbers();
    Set<Integer> compounds = compounds();
    for (Token t : g.tokensInOrder()) {
      if (t.isNoun() && !compounds.contains(t.index())) {
        add(lemma(t));
      }
    }
    return tuples;
  }

  /** "A man is riding a horse": (man, horse, ride). */
  private void triples() {
    for (Token pred : g.tokensInOrder()) {
      if (g.child(pred.index(), "cop") != null) {
        continue;
      }
      for (Token subj : nounChildren(pred, "nsubj")) {
        for (Edge e : g.children(pred.index())) {
          Token obj = g.token(e.dependent());
          if (OBJECT.matcher(e.relation()).matches() && obj.isNoun()) {
            add(lemma(subj), lemma(obj), predicate(pred) + preposition(e.relation()));
          }
        }
      }
    }
  }

  /** "A cat sitting in a chair": (cat, chair, sit in). */
  private void reducedRelatives() {
    for (Token subj : g.tokensInOrder()) {
      for (Token pred : g.childrenWith(subj.index(), "acl")) {
        if (!pred.tag().startsWith("V")) {
          continue;
        }
        for (Edge e : g.children(pred.index())) {
          Token obj = g.token(e.dependent());
          if (OBJECT.matcher(e.relation()).matches() && obj.isNoun()) {
            add(lemma(subj), lemma(obj), predicate(pred) + preposition(e.relation()));
          }
        }
      }
    }
  }

  /**
   * "A woman is smiling": (woman, smile); "The man is in the kitchen": (man, kitchen, in). First
   * predicates without object or copula, then copulas.
   */
  private void pairs() {
    List<Token[]> matches = new ArrayList<>();
    for (Token pred : g.tokensInOrder()) {
      if (g.child(pred.index(), "cop") == null && !hasNounObject(pred)) {
        for (Token subj : nounChildren(pred, "nsubj")) {
          matches.add(new Token[] {subj, pred});
        }
      }
    }
    for (Token pred : g.tokensInOrder()) {
      if (g.child(pred.index(), "cop") != null) {
        for (Token subj : nounChildren(pred, "nsubj")) {
          matches.add(new Token[] {subj, pred});
        }
      }
    }
    for (Token[] m : matches) {
      Token subj = m[0];
      Token pred = m[1];
      Token marker = g.child(pred.index(), "case");
      if (marker != null) {
        StringBuilder prep = new StringBuilder(marker.word());
        for (Token more : g.childrenWith(marker.index(), "mwe")) {
          prep.append(' ').append(more.word());
        }
        add(lemma(subj), lemma(pred), prep.toString());
      } else if (!pred.lemma().equals("be")) {
        add(lemma(subj), lemma(pred));
      }
    }
  }

  /** "A smart woman", "The man is tall". */
  private void adjectives() {
    for (Edge e : g.edges()) {
      if (e.relation().equals("amod")) {
        add(lemma(g.token(e.governor())), lemma(g.token(e.dependent())));
      }
    }
    for (Token adj : g.tokensInOrder()) {
      if (adj.tag().startsWith("J")) {
        for (Token obj : g.childrenWith(adj.index(), "nsubj")) {
          add(lemma(obj), lemma(adj));
        }
      }
    }
  }

  /** "A woman in the house": (woman, house, in). */
  private void prepositions() {
    for (Token gov : g.tokensInOrder()) {
      if (!gov.isNoun()) {
        continue;
      }
      for (Edge e : g.children(gov.index())) {
        if (!e.relation().startsWith("nmod:")) {
          continue;
        }
        String label = e.relation().replace("nmod:", "").replace('_', ' ');
        if (!label.equals("poss") && !label.equals("agent")) {
          add(lemma(gov), lemma(g.token(e.dependent())), label);
        }
      }
    }
  }

  /** "His watch" after pronoun resolution, "the man's watch": (man, watch, have). */
  private void possessives() {
    for (Token gov : g.tokensInOrder()) {
      if (gov.isNoun()) {
        for (Token owner : nounChildren(gov, "nmod:poss")) {
          add(lemma(owner), lemma(gov), "have");
        }
      }
    }
  }

  /** "A cat is chased by a dog": (dog, cat, chase). */
  private void agents() {
    for (Token pred : g.tokensInOrder()) {
      if (!pred.tag().startsWith("V")) {
        continue;
      }
      for (Token subj : nounChildren(pred, "nmod:agent")) {
        for (Token obj : nounChildren(pred, "nsubjpass")) {
          add(lemma(subj), lemma(obj), predicate(pred));
        }
      }
    }
  }

  /**
   * "Two dogs": (dog, two). SPICE looks at plural nouns through three patterns, each taking the
   * first match per node: plural subject with a plural object, plural subject otherwise (or a
   * plural root), and any other plural noun not governed as object of a plural subject's predicate.
   */
  private void numbers() {
    for (Token pred : g.tokensInOrder()) {
      Token[] first = firstPluralSubjectAndObject(pred);
      if (first != null) {
        numericAttribute(first[0]);
        numericAttribute(first[1]);
      }
    }
    for (Token subj : g.tokensInOrder()) {
      if (subj.isPluralNoun() && (g.roots().contains(subj.index()) || isLonePluralSubject(subj))) {
        numericAttribute(subj);
      }
    }
    for (Token word : g.tokensInOrder()) {
      if (word.isPluralNoun()
          && !g.roots().contains(word.index())
          && g.parents(word.index()).stream().noneMatch(e -> e.relation().equals("nsubj"))
          && !isObjectOfPluralSubject(word)) {
        numericAttribute(word);
      }
    }
  }

  private Token[] firstPluralSubjectAndObject(Token pred) {
    for (Token subj : g.childrenWith(pred.index(), "nsubj")) {
      if (!subj.isPluralNoun()) {
        continue;
      }
      for (Edge e : g.children(pred.index())) {
        Token obj = g.token(e.dependent());
        if (obj.isPluralNoun() && objectOrCasedNmod(e, obj)) {
          return new Token[] {subj, obj};
        }
      }
    }
    return null;
  }

  /** The plural subject's predicate has no plural object and no plural cased non-agent nmod. */
  private boolean isLonePluralSubject(Token subj) {
    for (Edge in : g.parents(subj.index())) {
      if (!in.relation().equals("nsubj")) {
        continue;
      }
      boolean pluralObject = false;
      for (Edge e : g.children(in.governor())) {
        Token obj = g.token(e.dependent());
        if (obj.isPluralNoun() && objectOrCasedNmod(e, obj)) {
          pluralObject = true;
          break;
        }
      }
      if (!pluralObject) {
        return true;
      }
    }
    return false;
  }

  private boolean objectOrCasedNmod(Edge e, Token obj) {
    return DIRECT_OBJECT.matcher(e.relation()).matches()
        || (NON_AGENT_NMOD.matcher(e.relation()).matches() && g.child(obj.index(), "case") != null);
  }

  private boolean isObjectOfPluralSubject(Token word) {
    for (Edge in : g.parents(word.index())) {
      if (OBJECT_OR_NMOD.matcher(in.relation()).matches()
          && nounChildren(g.token(in.governor()), "nsubj").stream().anyMatch(Token::isPluralNoun)) {
        return true;
      }
    }
    return false;
  }

  private void numericAttribute(Token noun) {
    Token number = g.child(noun.index(), "nummod");
    if (number != null) {
      // "number 5" names rather than counts.
      if (number.index() < noun.index()) {
        add(lemma(noun), lemma(number));
      }
    } else {
      Token quantity = g.child(noun.index(), "qmod");
      if (quantity != null) {
        add(lemma(noun), lemma(quantity));
      }
    }
  }

  /** "Tennis racket": (racket, tennis); both words are left out of the bare objects. */
  private Set<Integer> compounds() {
    Set<Integer> words = new HashSet<>();
    for (Edge e : g.edges()) {
      Token tail = g.token(e.governor());
      Token head = g.token(e.dependent());
      if (e.relation().equals("compound") && tail.isNoun() && head.isNoun()) {
        words.add(tail.index());
        words.add(head.index());
        add(lemma(tail), lemma(head));
      }
    }
    return words;
  }

  private boolean hasNounObject(Token pred) {
    for (Edge e : g.children(pred.index())) {
      if (OBJECT.matcher(e.relation()).matches() && g.token(e.dependent()).isNoun()) {
        return true;
      }
    }
    return false;
  }

  private List<Token> nounChildren(Token governor, String relation) {
    List<Token> out = new ArrayList<>();
    for (Token t : g.childrenWith(governor.index(), relation)) {
      if (t.isNoun()) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * The predicate's lemma with its particle ("pick up"; a particle of "be" alone keeps a space).
   */
  private String predicate(Token pred) {
    Token particle = g.child(pred.index(), "compound:prt");
    if (particle != null) {
      return (pred.lemma().equals("be") ? "" : pred.lemma()) + " " + particle.word();
    }
    return pred.lemma();
  }

  /** " on" for nmod:on, nothing for other relations, possessives and agents. */
  private static String preposition(String relation) {
    if (relation.startsWith("nmod:")
        && !relation.equals("nmod:poss")
        && !relation.equals("nmod:agent")) {
      return relation.replace("nmod:", " ").replace('_', ' ');
    }
    return "";
  }

  private static String lemma(Token t) {
    return t.lemma().trim().toLowerCase(Locale.ROOT);
  }

  private void add(String... words) {
    tuples.add(List.of(words));
  }
}
