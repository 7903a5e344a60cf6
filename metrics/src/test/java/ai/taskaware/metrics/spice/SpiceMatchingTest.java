package ai.taskaware.metrics.spice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tuple matching, scene-graph merging and SPICE's F-scores on hand-written tuples with WordNet 3.0
 * (no CoreNLP): every expected number is derived by hand in the comments.
 */
class SpiceMatchingTest {
  private static WordNetSynsets wordNet;
  private static SpiceEvaluation evaluation;

  @BeforeAll
  static void loadWordNet() {
    wordNet = WordNetSynsets.load();
    evaluation = new SpiceEvaluation(wordNet);
  }

  private static List<List<String>> t(String... tuples) {
    return java.util.Arrays.stream(tuples).map(s -> List.of(s.split(","))).toList();
  }

  private static int matches(List<List<String>> candidate, List<List<String>> reference) {
    return SpiceEvaluation.matched(
        SceneGraph.of(candidate, wordNet).tuples(), SceneGraph.of(reference, wordNet).tuples());
  }

  @Test
  void wordNetSynonymsAndBaseForms() {
    assertThat(wordNet.synonyms("sofa", "couch")).isTrue();
    assertThat(wordNet.synonyms("car", "automobile")).isTrue();
    assertThat(wordNet.synonyms("grey", "gray")).isTrue();
    // base form by WordNet's detachment rules and by its exception list
    assertThat(wordNet.of("dogs")).containsAll(wordNet.of("dog"));
    assertThat(wordNet.synonyms("children", "child")).isTrue();
    assertThat(wordNet.synonyms("cat", "dog")).isFalse();
    assertThat(wordNet.of("xqzzy")).isEmpty();
  }

  @Test
  void exactLemmaSynonymAndNoMatch() {
    // exact words
    assertThat(matches(t("dog", "dog,brown"), t("dog", "dog,brown"))).isEqualTo(2);
    // an inflected form shares its lemma's synsets
    assertThat(matches(t("dogs"), t("dog"))).isEqualTo(1);
    // WordNet synonyms, in every position of a relation: couch, car and the relation all match
    assertThat(matches(t("couch,car,near"), t("sofa,automobile,near"))).isEqualTo(3);
    // no shared word or synset
    assertThat(matches(t("cat", "cat,brown"), t("dog", "dog,brown"))).isZero();
    // a relation matches only when every element is similar: dog and park do, (dog, park, in)
    // does not match (dog, park, on)
    assertThat(matches(t("dog,park,in"), t("dog,park,on"))).isEqualTo(2);
  }

  @Test
  void duplicatesAndSimilarConceptsMergeWhileTheGraphIsBuilt() {
    SceneGraph graph =
        SceneGraph.of(
            t(
                "bus",
                "bus,red",
                "bus,street,on",
                "bus,double-decker",
                "street",
                "bus",
                "bus,double-decker",
                "bus,street,on"),
            wordNet);
    // bus, street, (bus, red), (bus, double-decker), (bus, street, on): duplicates dropped
    assertThat(graph.tuples()).hasSize(5);

    // a synonym joins the node it shares a synset with
    SceneGraph cars = SceneGraph.of(t("car", "automobile,blue", "auto"), wordNet);
    assertThat(cars.nodes()).hasSize(1);
    assertThat(cars.nodes().get(0).object.words()).containsExactly("car", "automobile", "auto");
    assertThat(cars.tuples()).hasSize(2);
  }

  @Test
  void handDerivedScoresOfAMultiReferenceImage() {
    // premises of the derivation below
    assertThat(wordNet.synonyms("girl", "child")).isFalse();
    assertThat(wordNet.synonyms("blue", "red")).isFalse();
    assertThat(wordNet.synonyms("with", "hold")).isFalse();

    // references "a young girl holds a red umbrella" + "a child with an umbrella": one graph of
    // 7 tuples: girl, umbrella, child, (girl, young), (umbrella, red), (girl, umbrella, hold),
    // (child, umbrella, with)
    List<List<String>> refs =
        t(
            "girl,umbrella,hold",
            "girl,young",
            "umbrella,red",
            "girl",
            "umbrella",
            "child,umbrella,with",
            "child",
            "umbrella");
    // candidate "a girl with a blue umbrella": girl, umbrella, (umbrella, blue), (girl, umbrella,
    // with); only girl and umbrella match
    List<List<String>> cand = t("girl,umbrella,with", "umbrella,blue", "girl", "umbrella");
    Map<String, TupleScore> s = evaluation.image(cand, refs);

    // All: tp 2, P = 2/4, R = 2/7, F = 2PR/(P+R) = 4/11
    assertThat(s.get("All")).isEqualTo(new TupleScore(4.0 / 11, 0.5, 2.0 / 7, 2, 2, 5, 1));
    // Object: tp 2 of 2 candidates and 3 references: F = 2 * 1 * 2/3 / (5/3) = 0.8
    assertThat(s.get("Object").f()).isCloseTo(0.8, within(1e-15));
    assertThat(s.get("Attribute")).isEqualTo(new TupleScore(0, 0, 0, 0, 1, 2, 1));
    assertThat(s.get("Relation")).isEqualTo(new TupleScore(0, 0, 0, 0, 1, 2, 1));
    assertThat(s.get("Color")).isEqualTo(new TupleScore(0, 0, 0, 0, 1, 1, 1));
    // no reference tuple in the category: NaN, as SPICE 1.0 reports it
    assertThat(s.get("Size").f()).isNaN();
    assertThat(s.get("Cardinality").f()).isNaN();
    assertThat(s.get("Size").images()).isEqualTo(1);
    assertThat(s.keySet()).containsExactlyElementsOf(SpiceScores.CATEGORIES);
  }

  @Test
  void averagesSkipNanImagesAndSumCounts() {
    Map<String, List<List<String>>> refs = new LinkedHashMap<>();
    Map<String, List<List<String>>> cands = new LinkedHashMap<>();
    refs.put("a", t("girl,umbrella,hold", "girl", "umbrella", "umbrella,red"));
    cands.put("a", t("girl", "umbrella,blue", "umbrella")); // tp 2 of 3 vs 4: F = 4/7
    refs.put("b", t("dog,two", "dog", "dog,small"));
    cands.put("b", t("dog,two", "dog", "dog,small")); // equal: F = 1 everywhere defined
    SpiceScores scores = evaluation.score(refs, cands);

    assertThat(scores.perImage().keySet()).containsExactly("a", "b");
    assertThat(scores.perImage().get("a").get("All").f()).isCloseTo(4.0 / 7, within(1e-15));
    assertThat(scores.perImage().get("b").get("All").f()).isEqualTo(1.0);
    assertThat(scores.spice()).isCloseTo((4.0 / 7 + 1) / 2, within(1e-15));
    // Cardinality and Size only in image b; Color only in image a (tp 0)
    assertThat(scores.categories().get("Cardinality"))
        .isEqualTo(new TupleScore(1, 1, 1, 1, 0, 0, 1));
    assertThat(scores.categories().get("Size")).isEqualTo(new TupleScore(1, 1, 1, 1, 0, 0, 1));
    assertThat(scores.categories().get("Color")).isEqualTo(new TupleScore(0, 0, 0, 0, 1, 1, 1));
    // Relation: image a has a reference relation (F 0), image b none (NaN, skipped)
    assertThat(scores.categories().get("Relation")).isEqualTo(new TupleScore(0, 0, 0, 0, 0, 1, 1));
    assertThat(scores.categories().get("All").tp()).isEqualTo(5);
    assertThat(scores.categories().get("All").images()).isEqualTo(2);
  }

  @Test
  void edgeCases() {
    List<List<String>> refs = t("dog,brown", "dog", "dog,ball,chase", "ball");
    // empty candidate: F, P and R are 0, not NaN
    assertThat(evaluation.image(List.of(), refs).get("All"))
        .isEqualTo(new TupleScore(0, 0, 0, 0, 0, 4, 1));
    // candidate equal to the reference: 1
    assertThat(evaluation.image(refs, refs).get("All").f()).isEqualTo(1.0);
    // references without tuples: "All" stays 0, categories are NaN
    Map<String, TupleScore> none = evaluation.image(t("dog"), List.of());
    assertThat(none.get("All")).isEqualTo(new TupleScore(0, 0, 0, 0, 1, 0, 1));
    assertThat(none.get("Object").f()).isNaN();
    // a single image: the corpus score is that image's
    SpiceScores one = evaluation.score(Map.of("x", refs), Map.of("x", t("dog", "cat")));
    assertThat(one.spice()).isEqualTo(one.perImage().get("x").get("All").f());
    // tp 1 (dog), P 1/2, R 1/4: F = 1/3
    assertThat(one.spice()).isCloseTo(1.0 / 3, within(1e-15));
  }
}
