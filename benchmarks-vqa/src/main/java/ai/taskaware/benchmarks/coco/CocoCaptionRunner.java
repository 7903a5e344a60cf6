package ai.taskaware.benchmarks.coco;

import ai.taskaware.benchmarks.harness.Evaluation;
import ai.taskaware.benchmarks.harness.RunSettings;
import ai.taskaware.benchmarks.io.BenchmarkDataException;
import ai.taskaware.benchmarks.report.Resampling;
import ai.taskaware.core.model.Captioner;
import ai.taskaware.metrics.caption.CaptionScorer;
import ai.taskaware.metrics.caption.CaptionScores;
import ai.taskaware.metrics.caption.CaptionTokenizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Captions COCO images with a {@link Captioner} (each with its {@link CaptionPrompts} prompt) and
 * scores the captions with {@link CaptionScorer}, as pycocoevalcap scores a results file over the
 * same images.
 */
public final class CocoCaptionRunner {

  private CocoCaptionRunner() {}

  /**
   * Runs (or resumes) the captioning and writes {@code predictions.jsonl}, {@code predictions.json}
   * (one {@link CocoCaptionRecord} per image), {@code summary.json} ({@link CocoCaptionScores}) and
   * the bootstrap report.
   *
   * @return the scores, exactly {@code new CaptionScorer().score(references, captions)} over the
   *     images in dataset order
   * @throws BenchmarkDataException if a resumed log was written with other prompts, or an image
   *     cannot be decoded
   */
  public static CaptionScores run(
      Captioner captioner, List<CocoImage> images, CaptionPrompts prompts, RunSettings settings) {
    List<CaptionPrompts.Assignment> assigned = prompts.assign(images);
    Map<String, CaptionPrompts.Assignment> byId = new LinkedHashMap<>();
    for (int i = 0; i < images.size(); i++) {
      byId.put(images.get(i).imageId(), assigned.get(i));
    }
    RunSettings withOptions =
        settings.withProvenance(
            settings
                .provenance()
                .withOption("benchmark", "coco-captions")
                .withOption("prompts", prompts)
                .withOption("images", images.size()));
    List<CocoCaptionRecord> records =
        Evaluation.run(
            "coco-captions",
            images,
            CocoImage::imageId,
            image -> {
              CaptionPrompts.Assignment prompt = byId.get(image.imageId());
              String caption =
                  captioner.caption(
                      image.image().read("COCO image " + image.imageId()), prompt.prompt());
              if (caption == null) {
                throw new IllegalStateException(
                    "the captioner returned no caption for COCO image " + image.imageId());
              }
              return new CocoCaptionRecord(
                  image.imageId(), prompt.prompt(), prompt.sourceImageId(), caption);
            },
            CocoCaptionRecord.class,
            CocoCaptionRecord::imageId,
            withOptions);
    for (CocoCaptionRecord record : records) {
      if (!record.prompt().equals(byId.get(record.imageId()).prompt())) {
        throw new BenchmarkDataException(
            withOptions.logFile(),
            "record '" + record.imageId() + "'",
            "prompt",
            "the log was written with other prompt settings; run with resume = false");
      }
    }
    Map<String, List<String>> references = new LinkedHashMap<>();
    Map<String, String> candidates = new LinkedHashMap<>();
    for (int i = 0; i < images.size(); i++) {
      references.put(images.get(i).imageId(), images.get(i).references());
      candidates.put(records.get(i).imageId(), records.get(i).caption());
    }
    CaptionScores scores = new CaptionScorer().score(references, candidates);
    Evaluation.writeResults(
        "COCO Captions",
        records,
        new CocoCaptionScores(scores.overall(), images.size()),
        resampling(references, candidates),
        withOptions);
    return scores;
  }

  /** One image tokenized once for the bootstrap. */
  private record Tokenized(String candidate, List<String> references) {}

  /**
   * Bootstrap units: images with candidate and references tokenized once, in the same two batches
   * (all references, all candidates) {@link CaptionScorer} tokenizes, so the full sample scores
   * exactly as the run does. A resample scores its draws as distinct images (a drawn-twice image
   * counts twice, also in CIDEr's document frequencies).
   */
  private static Resampling<Tokenized> resampling(
      Map<String, List<String>> references, Map<String, String> candidates) {
    CaptionTokenizer ptb = CaptionTokenizer.ptb();
    List<String> flat = new ArrayList<>();
    references.values().forEach(flat::addAll);
    List<String> tokenizedReferences = ptb.tokenize(flat);
    List<String> tokenizedCandidates = ptb.tokenize(new ArrayList<>(candidates.values()));
    List<Tokenized> units = new ArrayList<>();
    int offset = 0;
    int i = 0;
    for (List<String> refs : references.values()) {
      units.add(
          new Tokenized(
              tokenizedCandidates.get(i++),
              tokenizedReferences.subList(offset, offset + refs.size())));
      offset += refs.size();
    }
    CaptionScorer pretokenized = new CaptionScorer(CaptionTokenizer.none());
    return Resampling.plain(
        units,
        sample -> {
          Map<String, List<String>> refs = new LinkedHashMap<>();
          Map<String, String> cands = new LinkedHashMap<>();
          for (int k = 0; k < sample.size(); k++) {
            refs.put(Integer.toString(k), sample.get(k).references());
            cands.put(Integer.toString(k), sample.get(k).candidate());
          }
          return new CocoCaptionScores(pretokenized.score(refs, cands).overall(), sample.size());
        });
  }
}
