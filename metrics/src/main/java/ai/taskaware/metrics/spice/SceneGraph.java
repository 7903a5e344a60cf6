package ai.taskaware.metrics.spice;

import java.util.ArrayList;
import java.util.List;

/**
 * A SPICE scene graph built from raw tuples as SPICE 1.0 builds it: an object joins the existing
 * node with the same concept, else merges into the most similar node (shared word, or the largest
 * synset overlap); an attribute equal to one already there is dropped and one similar to an
 * existing attribute merges into it; a relation between the same two nodes with an equal label is
 * dropped and with a similar label merges into it. Candidates are scanned in insertion order, so
 * ties go to the earliest.
 */
final class SceneGraph {
  /** An object node with its attributes. */
  static final class Node {
    final Concept object;
    final List<Concept> attributes = new ArrayList<>();

    Node(Concept object) {
      this.object = object;
    }
  }

  /** A labelled edge between two nodes. */
  record Relation(Node source, Node target, Concept label) {}

  private final WordNetSynsets wordNet;
  private final List<Node> nodes = new ArrayList<>();
  private final List<Relation> relations = new ArrayList<>();

  SceneGraph(WordNetSynsets wordNet) {
    this.wordNet = wordNet;
  }

  /** Builds the graph of all {@code tuples}, in order. */
  static SceneGraph of(List<List<String>> tuples, WordNetSynsets wordNet) {
    SceneGraph graph = new SceneGraph(wordNet);
    tuples.forEach(graph::add);
    return graph;
  }

  /**
   * Adds a 1-tuple (object), 2-tuple (object, attribute) or 3-tuple (subject, object, relation).
   */
  void add(List<String> tuple) {
    switch (tuple.size()) {
      case 1 -> node(tuple.get(0));
      case 2 -> attribute(node(tuple.get(0)), concept(tuple.get(1)));
      case 3 -> relation(node(tuple.get(0)), node(tuple.get(1)), tuple.get(2));
      default -> {
        // SPICE ignores tuples of any other length.
      }
    }
  }

  List<Node> nodes() {
    return nodes;
  }

  List<Relation> relations() {
    return relations;
  }

  /** The graph's tuples: each object, each (object, attribute), each (source, label, target). */
  List<List<Concept>> tuples() {
    List<List<Concept>> tuples = new ArrayList<>();
    for (Node node : nodes) {
      tuples.add(List.of(node.object));
      for (Concept attribute : node.attributes) {
        tuples.add(List.of(node.object, attribute));
      }
    }
    for (Relation r : relations) {
      tuples.add(List.of(r.source.object, r.label, r.target.object));
    }
    return tuples;
  }

  private Concept concept(String word) {
    return new Concept(word, wordNet.of(word));
  }

  private Node node(String word) {
    Concept concept = concept(word);
    Node similar = null;
    float best = 0;
    for (Node node : nodes) {
      if (concept.sameAs(node.object)) {
        return node;
      }
      float s = concept.similarity(node.object);
      if (s > best) {
        best = s;
        similar = node;
      }
    }
    if (similar != null) {
      similar.object.merge(concept);
      return similar;
    }
    Node node = new Node(concept);
    nodes.add(node);
    return node;
  }

  private static void attribute(Node node, Concept attribute) {
    for (Concept a : node.attributes) {
      if (a.sameAs(attribute)) {
        return;
      }
    }
    for (Concept a : node.attributes) {
      if (attribute.similarTo(a)) {
        a.merge(attribute);
        return;
      }
    }
    node.attributes.add(attribute);
  }

  private void relation(Node source, Node target, String label) {
    Concept concept = concept(label.replaceFirst("^be ", ""));
    for (Relation r : relations) {
      if (r.source == source && r.target == target && r.label.sameAs(concept)) {
        return;
      }
    }
    for (Relation r : relations) {
      if (r.source == source && r.target == target && concept.similarTo(r.label)) {
        r.label.merge(concept);
        return;
      }
    }
    relations.add(new Relation(source, target, concept));
  }
}
