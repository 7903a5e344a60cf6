package ai.taskaware.metrics.spice;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SPICE scores of a set of candidate captions.
 *
 * @param categories for each of {@link #CATEGORIES}, SPICE 1.0's average over images (see {@link
 *     TupleScore})
 * @param perImage for each image, in candidate order, its score in each of {@link #CATEGORIES}
 *     (pycocoevalcap's per-image {@code SPICE} entry)
 */
public record SpiceScores(
    Map<String, TupleScore> categories, Map<String, Map<String, TupleScore>> perImage) {

  /**
   * SPICE 1.0's tuple categories with its own keys, "All" first; "Cardinality" is the paper's
   * "Count".
   */
  public static final List<String> CATEGORIES =
      List.of("All", "Object", "Attribute", "Relation", "Cardinality", "Color", "Size");

  /** Copies the maps so that the scores cannot change afterwards. */
  public SpiceScores {
    categories = Collections.unmodifiableMap(new LinkedHashMap<>(categories));
    LinkedHashMap<String, Map<String, TupleScore>> images = new LinkedHashMap<>();
    perImage.forEach(
        (id, s) -> images.put(id, Collections.unmodifiableMap(new LinkedHashMap<>(s))));
    perImage = Collections.unmodifiableMap(images);
  }

  /**
   * SPICE: the mean over images of each image's "All" F-score, as SPICE 1.0 prints it
   * (pycocoevalcap's {@code SPICE} is the same mean, summed in numpy's order).
   */
  public double spice() {
    return categories.get("All").f();
  }
}
