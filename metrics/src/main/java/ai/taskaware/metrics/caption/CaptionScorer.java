package ai.taskaware.metrics.caption;

import ai.taskaware.metrics.MetricInputException;
import ai.taskaware.metrics.spice.SpiceScorer;
import ai.taskaware.metrics.spice.SpiceScores;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores generated captions against reference captions exactly as pycocoevalcap's {@code
 * COCOEvalCap} does for BLEU-1..4, ROUGE-L and CIDEr-D: the images scored are those with a
 * candidate, references and candidates are tokenized separately, and CIDEr's document frequencies
 * come from the scored images' references only. With {@link #withSpice} it adds SPICE, computed on
 * the same tokenized captions as pycocoevalcap's {@code Spice} scorer receives them.
 */
public final class CaptionScorer {
  private final CaptionTokenizer tokenizer;
  private final SpiceScorer spice;
  private final SpiceScorer.Progress spiceProgress;

  /** A scorer that tokenizes as pycocoevalcap does ({@link CaptionTokenizer#ptb()}). */
  public CaptionScorer() {
    this(CaptionTokenizer.ptb());
  }

  /** A scorer with the given tokenizer, e.g. {@link CaptionTokenizer#none()} for tokenized text. */
  public CaptionScorer(CaptionTokenizer tokenizer) {
    if (tokenizer == null) {
      throw new MetricInputException(
          "caption scorer: tokenizer is null, expected CaptionTokenizer.ptb() or none()");
    }
    this.tokenizer = tokenizer;
    this.spice = null;
    this.spiceProgress = null;
  }

  private CaptionScorer(
      CaptionTokenizer tokenizer, SpiceScorer spice, SpiceScorer.Progress spiceProgress) {
    this.tokenizer = tokenizer;
    this.spice = spice;
    this.spiceProgress = spiceProgress;
  }

  /**
   * This scorer, also computing {@code SPICE} with {@code spice} (which the caller opens and
   * closes); {@code progress} is told of each caption parsed.
   */
  public CaptionScorer withSpice(SpiceScorer spice, SpiceScorer.Progress progress) {
    if (spice == null || progress == null) {
      throw new MetricInputException(
          "caption scorer: SPICE scorer and progress must not be null (progress may do nothing)");
    }
    return new CaptionScorer(tokenizer, spice, progress);
  }

  /**
   * Scores every image of {@code candidates} against its references.
   *
   * @param references image id → its reference captions (images without a candidate are ignored)
   * @param candidates image id → the generated caption; iteration order is the per-image order
   * @throws MetricInputException when there are no candidates, a caption is null, or a candidate's
   *     image has no reference captions
   */
  public CaptionScores score(Map<String, List<String>> references, Map<String, String> candidates) {
    if (candidates == null || candidates.isEmpty()) {
      throw new MetricInputException("caption scoring: no candidate captions to score");
    }
    if (references == null) {
      throw new MetricInputException("caption scoring: references are null");
    }
    List<String> imageIds = new ArrayList<>(candidates.size());
    List<String> rawCandidates = new ArrayList<>(candidates.size());
    List<String> rawReferences = new ArrayList<>();
    List<Integer> referenceCounts = new ArrayList<>(candidates.size());
    for (Map.Entry<String, String> candidate : candidates.entrySet()) {
      String imageId = candidate.getKey();
      if (candidate.getValue() == null) {
        throw new MetricInputException("image " + imageId + ": the candidate caption is null");
      }
      List<String> refs = references.get(imageId);
      if (refs == null || refs.isEmpty()) {
        throw new MetricInputException(
            "image "
                + imageId
                + ": has a candidate caption but no reference captions; every scored image needs"
                + " at least one");
      }
      for (int r = 0; r < refs.size(); r++) {
        if (refs.get(r) == null) {
          throw new MetricInputException(
              "image " + imageId + ": reference caption " + r + " is null");
        }
      }
      imageIds.add(imageId);
      rawCandidates.add(candidate.getValue());
      rawReferences.addAll(refs);
      referenceCounts.add(refs.size());
    }

    List<String> tokenizedReferences = tokenizer.tokenize(rawReferences);
    List<String> tokenizedCandidates = tokenizer.tokenize(rawCandidates);
    List<ScoredImage> images = new ArrayList<>(imageIds.size());
    int offset = 0;
    for (int i = 0; i < imageIds.size(); i++) {
      int count = referenceCounts.get(i);
      images.add(
          new ScoredImage(
              imageIds.get(i),
              tokenizedCandidates.get(i),
              List.copyOf(tokenizedReferences.subList(offset, offset + count))));
      offset += count;
    }
    return scoreTokenized(images);
  }

  /**
   * Turns a COCO results list into the candidate map {@link #score} takes, keeping list order.
   *
   * @throws MetricInputException when an image has more than one result (pycocoevalcap asserts one
   *     caption per image) or an entry is null
   */
  public static Map<String, String> candidatesFromResults(List<CaptionResult> results) {
    if (results == null || results.isEmpty()) {
      throw new MetricInputException("caption results: the results list is empty");
    }
    Map<String, String> candidates = new LinkedHashMap<>();
    for (int i = 0; i < results.size(); i++) {
      CaptionResult result = results.get(i);
      if (result == null || result.imageId() == null) {
        throw new MetricInputException("caption results: entry " + i + " has no image id");
      }
      if (candidates.containsKey(result.imageId())) {
        throw new MetricInputException(
            "caption results: image "
                + result.imageId()
                + " has more than one result (entry "
                + i
                + "); expected exactly one caption per image");
      }
      candidates.put(result.imageId(), result.caption());
    }
    return candidates;
  }

  private CaptionScores scoreTokenized(List<ScoredImage> images) {
    Bleu.Result bleu = Bleu.score(images);
    double[] rouge = RougeL.perImage(images);
    double[] cider = CiderD.perImage(images);

    Map<String, Double> overall = new LinkedHashMap<>();
    for (int k = 0; k < 4; k++) {
      overall.put(CaptionScores.METRICS.get(k), bleu.corpus()[k]);
    }
    overall.put("ROUGE_L", NumpyMean.of(rouge));
    overall.put("CIDEr", NumpyMean.of(cider));

    Optional<SpiceScores> spiceScores = Optional.empty();
    double[] spiceF = null;
    if (spice != null) {
      Map<String, List<String>> references = new LinkedHashMap<>();
      Map<String, String> candidates = new LinkedHashMap<>();
      for (ScoredImage image : images) {
        references.put(image.imageId(), image.references());
        candidates.put(image.imageId(), image.candidate());
      }
      SpiceScores s = spice.score(references, candidates, spiceProgress);
      spiceF = new double[images.size()];
      for (int i = 0; i < images.size(); i++) {
        spiceF[i] = s.perImage().get(images.get(i).imageId()).get("All").f();
      }
      // pycocoevalcap: np.mean over images of SPICE 1.0's per-image "All" F-score.
      overall.put(CaptionScores.SPICE, NumpyMean.of(spiceF));
      spiceScores = Optional.of(s);
    }

    Map<String, Map<String, Double>> perImage = new LinkedHashMap<>();
    for (int i = 0; i < images.size(); i++) {
      Map<String, Double> scores = new LinkedHashMap<>();
      for (int k = 0; k < 4; k++) {
        scores.put(CaptionScores.METRICS.get(k), bleu.perImage()[i][k]);
      }
      scores.put("ROUGE_L", rouge[i]);
      scores.put("CIDEr", cider[i]);
      if (spiceF != null) {
        scores.put(CaptionScores.SPICE, spiceF[i]);
      }
      perImage.put(images.get(i).imageId(), scores);
    }
    return new CaptionScores(overall, perImage, spiceScores);
  }
}
