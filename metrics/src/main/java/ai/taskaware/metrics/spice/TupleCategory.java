package ai.taskaware.metrics.spice;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * SPICE 1.0's tuple subsets ({@code -subset}), with its own names and word lists. "Cardinality" is
 * the paper's "Count". A category word list is checked against an attribute made of one word only.
 */
enum TupleCategory {
  ALL("All", t -> true),
  OBJECT("Object", t -> t.size() == 1),
  ATTRIBUTE("Attribute", t -> t.size() == 2),
  RELATION("Relation", t -> t.size() == 3),
  CARDINALITY("Cardinality", t -> attributeIn(t, Words.NUMBERS)),
  COLOR("Color", t -> attributeIn(t, Words.COLORS)),
  SIZE("Size", t -> attributeIn(t, Words.SIZES));

  final String key;
  private final Predicate<List<Concept>> keeps;

  TupleCategory(String key, Predicate<List<Concept>> keeps) {
    this.key = key;
    this.keeps = keeps;
  }

  boolean keeps(List<Concept> tuple) {
    return keeps.test(tuple);
  }

  private static boolean attributeIn(List<Concept> tuple, Set<String> words) {
    if (tuple.size() != 2) {
      return false;
    }
    String word = tuple.get(1).singleWord();
    return word != null && words.contains(word);
  }

  /** The word lists of SPICE 1.0's cardinality, colour and size filters. */
  private static final class Words {
    static final Set<String> NUMBERS =
        Set.of("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten");

    static final Set<String> COLORS =
        Set.of(
            "black", "brown", "blue", "red", "yellow", "pink", "gray", "grey", "green", "dark",
            "light", "white", "cream", "orange", "purple", "maroon", "beige", "violet");

    static final Set<String> SIZES =
        Set.of(
            "baby",
            "beefy",
            "big",
            "bony",
            "boundless",
            "brawny",
            "broad",
            "bulky",
            "chunky",
            "colossal",
            "compact",
            "corpulent",
            "cosmic",
            "cubby",
            "curvy",
            "elfin",
            "emaciated",
            "endless",
            "enormous",
            "epic",
            "expansive",
            "extensive",
            "fat",
            "fleshy",
            "full-size",
            "gargantuan",
            "gaunt",
            "giant",
            "gigantic",
            "grand",
            "great",
            "heavy",
            "hefty",
            "huge",
            "hulking",
            "illimitable",
            "immeasurable",
            "immense",
            "infinitesimal",
            "lanky",
            "large",
            "lean",
            "life-size",
            "limitless",
            "little",
            "mammoth",
            "massive",
            "meager",
            "measly",
            "microscopic",
            "mini",
            "miniature",
            "minuscule",
            "minute",
            "narrow",
            "obese",
            "outsized",
            "oversize",
            "overweight",
            "paltry",
            "petite",
            "pint-size",
            "plump",
            "pocket-size",
            "portly",
            "pudgy",
            "puny",
            "rotund",
            "scanty",
            "scraggy",
            "scrawny",
            "short",
            "sizable",
            "skeletal",
            "skimpy",
            "skinny",
            "slender",
            "slim",
            "small",
            "squat",
            "stocky",
            "stout",
            "strapping",
            "sturdy",
            "tall",
            "teensy",
            "teeny",
            "teeny-tiny",
            "teeny-weeny",
            "thick",
            "thickset",
            "thin",
            "tiny",
            "titanic",
            "towering",
            "trifling",
            "trim",
            "tubby",
            "undersized",
            "underweight",
            "unlimited",
            "vast",
            "wee",
            "whopping",
            "wide");

    private Words() {}
  }
}
