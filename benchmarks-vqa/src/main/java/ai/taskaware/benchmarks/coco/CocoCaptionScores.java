package ai.taskaware.benchmarks.coco;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The corpus-level caption scores of a run, as written to {@code summary.json}.
 *
 * @param overall metric → score, pycocoevalcap's keys and order ({@code Bleu_1}..{@code Bleu_4},
 *     {@code ROUGE_L}, {@code CIDEr})
 * @param images the number of images scored
 */
public record CocoCaptionScores(Map<String, Double> overall, int images) {

  public CocoCaptionScores {
    overall = Collections.unmodifiableMap(new LinkedHashMap<>(overall));
  }
}
