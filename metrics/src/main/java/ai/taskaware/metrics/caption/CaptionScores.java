package ai.taskaware.metrics.caption;

import ai.taskaware.metrics.MetricInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores named as pycocoevalcap names them: {@code Bleu_1}..{@code Bleu_4}, {@code ROUGE_L}, {@code
 * CIDEr}.
 *
 * @param overall the corpus-level score of each metric, in {@link #METRICS} order
 * @param perImage for each image, in candidate order, its own score of each metric (pycocoevalcap's
 *     {@code imgToEval}; per-image BLEU applies the brevity penalty to that image alone)
 */
public record CaptionScores(
    Map<String, Double> overall, Map<String, Map<String, Double>> perImage) {

  /** The metric keys, in pycocoevalcap's order. */
  public static final List<String> METRICS =
      List.of("Bleu_1", "Bleu_2", "Bleu_3", "Bleu_4", "ROUGE_L", "CIDEr");

  /** Copies the maps so that the scores cannot change afterwards. */
  public CaptionScores {
    overall = Collections.unmodifiableMap(new LinkedHashMap<>(overall));
    LinkedHashMap<String, Map<String, Double>> images = new LinkedHashMap<>();
    perImage.forEach(
        (id, scores) -> images.put(id, Collections.unmodifiableMap(new LinkedHashMap<>(scores))));
    perImage = Collections.unmodifiableMap(images);
  }

  /** The corpus-level score of {@code metric} (one of {@link #METRICS}). */
  public double get(String metric) {
    Double value = overall.get(metric);
    if (value == null) {
      throw new MetricInputException(
          "unknown caption metric '" + metric + "', expected one of " + METRICS);
    }
    return value;
  }
}
