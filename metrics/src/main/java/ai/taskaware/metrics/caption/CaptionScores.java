package ai.taskaware.metrics.caption;

import ai.taskaware.metrics.MetricInputException;
import ai.taskaware.metrics.spice.SpiceScores;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores named as pycocoevalcap names them: {@code Bleu_1}..{@code Bleu_4}, {@code ROUGE_L}, {@code
 * CIDEr}, and {@code SPICE} when the scorer was given one ({@link CaptionScorer#withSpice}).
 *
 * @param overall the corpus-level score of each metric, in {@link #METRICS} order
 * @param perImage for each image, in candidate order, its own score of each metric (pycocoevalcap's
 *     {@code imgToEval}; per-image BLEU applies the brevity penalty to that image alone)
 * @param spice SPICE's per-image and per-category detail when SPICE was computed
 */
public record CaptionScores(
    Map<String, Double> overall,
    Map<String, Map<String, Double>> perImage,
    Optional<SpiceScores> spice) {

  /** The metric keys, in pycocoevalcap's order. */
  public static final List<String> METRICS =
      List.of("Bleu_1", "Bleu_2", "Bleu_3", "Bleu_4", "ROUGE_L", "CIDEr");

  /** The key of SPICE's score, present only when it was computed. */
  public static final String SPICE = "SPICE";

  /** Copies the maps so that the scores cannot change afterwards; a null {@code spice} is empty. */
  public CaptionScores {
    overall = Collections.unmodifiableMap(new LinkedHashMap<>(overall));
    LinkedHashMap<String, Map<String, Double>> images = new LinkedHashMap<>();
    perImage.forEach(
        (id, scores) -> images.put(id, Collections.unmodifiableMap(new LinkedHashMap<>(scores))));
    perImage = Collections.unmodifiableMap(images);
    spice = spice == null ? Optional.empty() : spice;
  }

  /** Scores without SPICE. */
  public CaptionScores(Map<String, Double> overall, Map<String, Map<String, Double>> perImage) {
    this(overall, perImage, Optional.empty());
  }

  /**
   * The corpus-level score of {@code metric}: one of {@link #METRICS}, or {@link #SPICE} if
   * computed.
   */
  public double get(String metric) {
    Double value = overall.get(metric);
    if (value == null) {
      throw new MetricInputException(
          "unknown caption metric '" + metric + "', expected one of " + overall.keySet());
    }
    return value;
  }
}
