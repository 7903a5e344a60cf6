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
import ai.taskaware.metrics.spice.CoreNlpMissingException;
import ai.taskaware.metrics.spice.SpiceScorer;
import ai.taskaware.metrics.spice.TupleScore;
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
 * {@code taskaware score-captions}: pycocoevalcap's BLEU-1..4, ROUGE-L, CIDEr-D and (on request)
 * SPICE for a COCO results file against COCO caption annotations, corpus-level and per image.
 */
@Command(
    name = "score-captions",
    description = {
      "Score generated captions as pycocoevalcap does (Bleu_1..Bleu_4, ROUGE_L, CIDEr, SPICE).",
      "COCO.json: {\"annotations\": [{\"image_id\", \"caption\"}, ...]}; RESULTS.json:"
          + " [{\"image_id\", \"caption\"}, ...], one caption per image. Only images with a result"
          + " are scored. SCORES.json: {\"results\": {Bleu_1.., \"per_image\": {id: {...}}},"
          + " \"provenance\": ...}. SPICE needs Stanford CoreNLP 4.5.10 and its models jar in"
          + " --corenlp DIR; its per-image entry is SPICE 1.0's {All, Object, Attribute, Relation,"
          + " Cardinality, Color, Size} of {f, pr, re, tp, fp, fn, numImages}."
    })
public final class ScoreCaptionsCommand extends TaskawareSubcommand {
  private static final Map<String, List<String>> KEYS_OF_METRIC =
      Map.of(
          "bleu", List.of("Bleu_1", "Bleu_2", "Bleu_3", "Bleu_4"),
          "rouge", List.of("ROUGE_L"),
          "cider", List.of("CIDEr"),
          "spice", List.of(CaptionScores.SPICE));

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
      description = "Any of bleu, rouge, cider, spice (default ${DEFAULT-VALUE}).")
  List<String> metrics;

  @Option(
      names = "--corenlp",
      paramLabel = "DIR",
      description =
          "For spice: folder with stanford-corenlp-4.5.10.jar and stanford-corenlp-4.5.10-models.jar"
              + " (default: -Dtaskaware.corenlp, $TASKAWARE_CORENLP, else ~/.m2's copy). Fetch:"
              + " mvn dependency:copy -Dartifact=edu.stanford.nlp:stanford-corenlp:4.5.10[:jar:models]"
              + " -DoutputDirectory=DIR")
  Path corenlp;

  @Option(
      names = "--spice-cache",
      paramLabel = "FILE",
      description =
          "For spice: keep every caption's tuples in FILE (JSON lines) and reuse them in later runs,"
              + " as SPICE 1.0's -cache does: a dataset's references are parsed once.")
  Path spiceCache;

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
    boolean withSpice = keys.contains(CaptionScores.SPICE);
    try (SpiceScorer spice = withSpice ? openSpice() : null) {
      // The scorer tokenizes and scores the corpus in one call (CIDEr's document frequencies need
      // every image), so the bar shows elapsed time, or SPICE's parsed captions once it parses.
      try (ProgressBar bar = progress("scoring " + candidates.size() + " images", -1)) {
        CaptionScorer scorer = new CaptionScorer(captionTokenizer);
        if (spice != null) {
          scorer =
              scorer.withSpice(
                  spice,
                  (done, total) -> {
                    bar.maxHint(total);
                    bar.stepTo(done);
                  });
        }
        scores = scorer.score(references, candidates);
      }
    }
    Map<String, Object> written = new LinkedHashMap<>();
    for (String key : keys) {
      written.put(key, scores.get(key));
    }
    scores.spice().ifPresent(s -> written.put("SPICE_categories", categories(s.categories())));
    Map<String, Map<String, Object>> perImage = new LinkedHashMap<>();
    scores
        .perImage()
        .forEach(
            (id, s) -> {
              Map<String, Object> kept = new LinkedHashMap<>();
              keys.forEach(k -> kept.put(k, s.get(k)));
              // pycocoevalcap's per-image SPICE entry is SPICE 1.0's whole category breakdown.
              scores
                  .spice()
                  .ifPresent(
                      sp -> kept.put(CaptionScores.SPICE, categories(sp.perImage().get(id))));
              perImage.put(id, kept);
            });
    written.put("per_image", perImage);
    Provenance provenance =
        Provenance.of("taskaware score-captions")
            .withOption("annotations", annotations.toAbsolutePath())
            .withOption("results", results.toAbsolutePath())
            .withOption("tokenizer", tokenizer.toLowerCase(Locale.ROOT))
            .withOption("metrics", String.join(",", metrics))
            .withOption("images", candidates.size());
    if (withSpice) {
      provenance =
          provenance.withOption(
              "corenlp",
              corenlp != null
                  ? corenlp.toAbsolutePath()
                  : "default (-Dtaskaware.corenlp, $TASKAWARE_CORENLP or ~/.m2)");
      if (spiceCache != null) {
        provenance = provenance.withOption("spice_cache", spiceCache.toAbsolutePath());
      }
    }
    ResultFile.write(output, written, provenance);
    for (String key : keys) {
      out().printf(Locale.ROOT, "%-8s %.6f%n", key, scores.get(key));
    }
    err().printf("wrote %s%n", output);
  }

  private SpiceScorer openSpice() {
    try {
      SpiceScorer spice = corenlp != null ? SpiceScorer.open(corenlp) : SpiceScorer.open();
      if (spiceCache != null) {
        try {
          spice.withParseCache(spiceCache);
        } catch (RuntimeException e) {
          spice.close();
          throw new CliInputException("--spice-cache " + spiceCache + ": " + e.getMessage());
        }
      }
      return spice;
    } catch (CoreNlpMissingException e) {
      throw new CliInputException("--metrics spice: " + e.getMessage());
    }
  }

  /** SPICE 1.0's JSON names; NaN (a category without reference tuples) written as null. */
  private static Map<String, Map<String, Object>> categories(Map<String, TupleScore> scores) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    scores.forEach(
        (category, t) -> {
          Map<String, Object> v = new LinkedHashMap<>();
          v.put("f", finite(t.f()));
          v.put("pr", finite(t.precision()));
          v.put("re", finite(t.recall()));
          v.put("tp", t.tp());
          v.put("fp", t.fp());
          v.put("fn", t.fn());
          v.put("numImages", t.images());
          out.put(category, v);
        });
    return out;
  }

  private static Double finite(double v) {
    return Double.isNaN(v) ? null : v;
  }

  private Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    List<String> asked = new ArrayList<>();
    for (String m : metrics) {
      asked.add(m.strip().toLowerCase(Locale.ROOT));
    }
    for (String m : List.of("bleu", "rouge", "cider", "spice")) {
      if (asked.contains(m)) {
        keys.addAll(KEYS_OF_METRIC.get(m));
      }
    }
    for (String m : asked) {
      if (!KEYS_OF_METRIC.containsKey(m)) {
        throw new CliInputException(
            "--metrics "
                + m
                + ": expected any of bleu, rouge, cider, spice"
                + (m.equals("meteor") ? " (METEOR is not implemented in taskaware-metrics)" : ""));
      }
    }
    return keys;
  }
}
