package ai.taskaware.examples.scoring;

import ai.taskaware.core.provenance.Provenance;
import ai.taskaware.core.provenance.ResultFile;
import ai.taskaware.examples.cli.CliInputException;
import ai.taskaware.examples.cli.OutputOption;
import ai.taskaware.examples.cli.TaskawareSubcommand;
import ai.taskaware.metrics.caption.CaptionResult;
import ai.taskaware.metrics.caption.CaptionScorer;
import ai.taskaware.metrics.caption.CaptionScores;
import ai.taskaware.metrics.caption.CaptionTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code taskaware score-captions}: pycocoevalcap's BLEU-1..4, ROUGE-L and CIDEr-D for a COCO
 * results file against COCO caption annotations, corpus-level and per image.
 */
@Command(
    name = "score-captions",
    description = {
      "Score generated captions as pycocoevalcap does (Bleu_1..Bleu_4, ROUGE_L, CIDEr).",
      "COCO.json: {\"annotations\": [{\"image_id\", \"caption\"}, ...]}; RESULTS.json:"
          + " [{\"image_id\", \"caption\"}, ...], one caption per image. Only images with a result"
          + " are scored. SCORES.json: {\"results\": {Bleu_1.., \"per_image\": {id: {...}}},"
          + " \"provenance\": ...}."
    })
public final class ScoreCaptionsCommand extends TaskawareSubcommand {
  private static final Map<String, List<String>> KEYS_OF_METRIC =
      Map.of(
          "bleu", List.of("Bleu_1", "Bleu_2", "Bleu_3", "Bleu_4"),
          "rouge", List.of("ROUGE_L"),
          "cider", List.of("CIDEr"));

  @Option(
      names = "--annotations",
      required = true,
      paramLabel = "COCO.json",
      description = "Reference captions (COCO annotations format).")
  Path annotations;

  @Option(
      names = "--results",
      required = true,
      paramLabel = "RESULTS.json",
      description = "Generated captions (COCO results format).")
  Path results;

  @Option(
      names = "--tokenizer",
      defaultValue = "ptb",
      paramLabel = "ptb|none",
      description = "ptb: CoreNLP PTB tokenization as pycocoevalcap (default); none: as given.")
  String tokenizer;

  @Option(
      names = "--metrics",
      split = ",",
      defaultValue = "bleu,rouge,cider",
      paramLabel = "METRIC",
      description = "Any of bleu, rouge, cider (default ${DEFAULT-VALUE}).")
  List<String> metrics;

  @Mixin OutputOption out;

  /** For picocli. */
  public ScoreCaptionsCommand() {}

  @Override
  protected void execute() {
    Path output = out.file();
    Set<String> keys = keys();
    CaptionTokenizer captionTokenizer =
        switch (tokenizer.toLowerCase(Locale.ROOT)) {
          case "ptb" -> CaptionTokenizer.ptb();
          case "none" -> CaptionTokenizer.none();
          default ->
              throw new CliInputException("--tokenizer " + tokenizer + ": expected ptb or none");
        };
    Map<String, List<String>> references = CocoCaptionFiles.references(annotations);
    List<CaptionResult> generated = CocoCaptionFiles.results(results);
    Map<String, String> candidates = CaptionScorer.candidatesFromResults(generated);
    for (String imageId : candidates.keySet()) {
      if (!references.containsKey(imageId)) {
        throw new CliInputException(
            results + ": image_id " + imageId + " has no caption in " + annotations);
      }
    }
    CaptionScores scores;
    // The scorer tokenizes and scores the corpus in one call (CIDEr's document frequencies need
    // every image), so the bar shows elapsed time rather than a fraction.
    try (ProgressBar bar = progress("scoring " + candidates.size() + " images", -1)) {
      scores = new CaptionScorer(captionTokenizer).score(references, candidates);
    }
    Map<String, Object> written = new LinkedHashMap<>();
    for (String key : keys) {
      written.put(key, scores.get(key));
    }
    Map<String, Map<String, Double>> perImage = new LinkedHashMap<>();
    scores
        .perImage()
        .forEach(
            (id, s) -> {
              Map<String, Double> kept = new LinkedHashMap<>();
              keys.forEach(k -> kept.put(k, s.get(k)));
              perImage.put(id, kept);
            });
    written.put("per_image", perImage);
    ResultFile.write(
        output,
        written,
        Provenance.of("taskaware score-captions")
            .withOption("annotations", annotations.toAbsolutePath())
            .withOption("results", results.toAbsolutePath())
            .withOption("tokenizer", tokenizer.toLowerCase(Locale.ROOT))
            .withOption("metrics", String.join(",", metrics))
            .withOption("images", candidates.size()));
    for (String key : keys) {
      out().printf(Locale.ROOT, "%-8s %.6f%n", key, scores.get(key));
    }
    err().printf("wrote %s%n", output);
  }

  private Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    List<String> asked = new ArrayList<>();
    for (String m : metrics) {
      asked.add(m.strip().toLowerCase(Locale.ROOT));
    }
    for (String m : List.of("bleu", "rouge", "cider")) {
      if (asked.contains(m)) {
        keys.addAll(KEYS_OF_METRIC.get(m));
      }
    }
    for (String m : asked) {
      if (!KEYS_OF_METRIC.containsKey(m)) {
        throw new CliInputException(
            "--metrics "
                + m
                + ": expected any of bleu, rouge, cider"
                + (m.equals("spice")
                    ? " (SPICE and METEOR are not implemented in taskaware-metrics)"
                    : ""));
      }
    }
    return keys;
  }
}
