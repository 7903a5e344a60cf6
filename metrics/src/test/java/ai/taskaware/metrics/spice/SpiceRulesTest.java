package ai.taskaware.metrics.spice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SPICE 1.0's tuple rules on hand-written parses, one rule family per test (no CoreNLP). */
class SpiceRulesTest {

  @Test
  void subjectPredicateObjectWithAdjectives() {
    // A young girl is holding a red umbrella.
    List<List<String>> tuples =
        Sentences.tuples(
            "a/a/DT young/young/JJ girl/girl/NN is/be/VBZ holding/hold/VBG a/a/DT red/red/JJ"
                + " umbrella/umbrella/NN",
            "det(3,1) amod(3,2) nsubj(5,3) aux(5,4) root(0,5) det(8,6) amod(8,7) dobj(5,8)");
    assertThat(tuples)
        .containsExactly(
            List.of("girl", "umbrella", "hold"),
            List.of("girl", "young"),
            List.of("umbrella", "red"),
            List.of("girl"),
            List.of("umbrella"));
  }

  @Test
  void prepositionJoinsThePredicateAndCountsBecomeAttributes() {
    // Two dogs are sitting on a wooden bench.
    List<List<String>> tuples =
        Sentences.tuples(
            "two/two/CD dogs/dog/NNS are/be/VBP sitting/sit/VBG on/on/IN a/a/DT wooden/wooden/JJ"
                + " bench/bench/NN",
            "nummod(2,1) nsubj(4,2) aux(4,3) root(0,4) case(8,5) det(8,6) amod(8,7)"
                + " nmod:on(4,8)");
    assertThat(tuples)
        .containsExactly(
            List.of("dog", "bench", "sit on"),
            List.of("bench", "wooden"),
            List.of("dog", "two"),
            List.of("dog"),
            List.of("bench"));
  }

  @Test
  void copulaWithCaseMarkerIsARelationAndWithoutItAnAttribute() {
    // The man is in the kitchen. / The dog is a puppy.
    assertThat(
            Sentences.tuples(
                "the/the/DT man/man/NN is/be/VBZ in/in/IN the/the/DT kitchen/kitchen/NN",
                "det(2,1) nsubj(6,2) cop(6,3) case(6,4) det(6,5) root(0,6)"))
        .containsExactly(List.of("man", "kitchen", "in"), List.of("man"), List.of("kitchen"));
    assertThat(
            Sentences.tuples(
                "the/the/DT dog/dog/NN is/be/VBZ a/a/DT puppy/puppy/NN",
                "det(2,1) nsubj(5,2) cop(5,3) det(5,4) root(0,5)"))
        .containsExactly(List.of("dog", "puppy"), List.of("dog"), List.of("puppy"));
  }

  @Test
  void passiveAgentPossessiveAndParticle() {
    // A cat is picked up by the boy's mother.
    List<List<String>> tuples =
        Sentences.tuples(
            "a/a/DT cat/cat/NN is/be/VBZ picked/pick/VBN up/up/RP by/by/IN the/the/DT boy/boy/NN"
                + " 's/'s/POS mother/mother/NN",
            "det(2,1) nsubjpass(4,2) auxpass(4,3) root(0,4) compound:prt(4,5) case(10,6)"
                + " det(8,7) nmod:poss(10,8) case(8,9) nmod:agent(4,10)");
    assertThat(tuples)
        .containsExactly(
            List.of("boy", "mother", "have"),
            List.of("mother", "cat", "pick up"),
            List.of("cat"),
            List.of("boy"),
            List.of("mother"));
  }

  @Test
  void compoundNounIsAnAttributeAndItsWordsNoObjects() {
    // A tennis racket.
    assertThat(
            Sentences.tuples(
                "a/a/DT tennis/tennis/NN racket/racket/NN", "det(3,1) compound(3,2) root(0,3)"))
        .containsExactly(List.of("racket", "tennis"));
  }

  @Test
  void numberAfterTheNounNamesRatherThanCounts() {
    // Players number 5. (nummod after the noun) versus "five players".
    assertThat(Sentences.tuples("players/player/NNS five/five/CD", "root(0,1) nummod(1,2)"))
        .containsExactly(List.of("player"));
    assertThat(Sentences.tuples("five/five/CD players/player/NNS", "nummod(2,1) root(0,2)"))
        .containsExactly(List.of("player", "five"), List.of("player"));
  }

  @Test
  void reducedRelativeClause() {
    // A cat sitting in a chair.
    assertThat(
            Sentences.tuples(
                "a/a/DT cat/cat/NN sitting/sit/VBG in/in/IN a/a/DT chair/chair/NN",
                "det(2,1) root(0,2) acl(2,3) case(6,4) det(6,5) nmod:in(3,6)"))
        .containsExactly(List.of("cat", "chair", "sit in"), List.of("cat"), List.of("chair"));
  }

  @Test
  void universalDependenciesV2NamesAreReadAsV1() {
    assertThat(DependencyGraph.ud1("obj")).isEqualTo("dobj");
    assertThat(DependencyGraph.ud1("obl:on")).isEqualTo("nmod:on");
    assertThat(DependencyGraph.ud1("obl:agent")).isEqualTo("nmod:agent");
    assertThat(DependencyGraph.ud1("nsubj:pass")).isEqualTo("nsubjpass");
    assertThat(DependencyGraph.ud1("det:qmod")).isEqualTo("qmod");
    assertThat(DependencyGraph.ud1("fixed")).isEqualTo("mwe");
    assertThat(DependencyGraph.ud1("nmod:poss")).isEqualTo("nmod:poss");
    assertThat(DependencyGraph.ud1("compound:prt")).isEqualTo("compound:prt");
  }
}
