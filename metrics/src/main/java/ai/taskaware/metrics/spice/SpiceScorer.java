package ai.taskaware.metrics.spice;

import ai.taskaware.metrics.MetricInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * SPICE (Anderson et al., 2016) as SPICE 1.0 computes it: each caption becomes object, attribute
 * and relation tuples by SPICE's rules over a Stanford CoreNLP dependency parse; an image's
 * references form one scene graph; tuples match when every element shares a lemma or a WordNet 3.0
 * synset; the image's score is the F1 of candidate tuples against reference tuples, in all tuples
 * and in SPICE's categories, averaged over images.
 *
 * <p>CoreNLP 4.5.10 and its models jar (~474 MB) are not a dependency of this module: they are
 * loaded from a folder, see {@link #open(Path)}. Holding that parser, a scorer is closeable; it
 * parses each distinct caption once over its lifetime, on one thread per core (as SPICE 1.0 does by
 * default).
 */
public final class SpiceScorer implements AutoCloseable {
  /** Told how many distinct captions are parsed so far, out of how many. */
  @FunctionalInterface
  public interface Progress {
    /** Called after each parsed caption. */
    void parsed(int done, int total);
  }

  private final CoreNlpDependencyParser parser;
  private final SpiceEvaluation evaluation;
  private final Map<String, List<List<String>>> parses = new HashMap<>();
  private SpiceParseCache cache;

  private SpiceScorer(CoreNlpDependencyParser parser, WordNetSynsets wordNet) {
    this.parser = parser;
    this.evaluation = new SpiceEvaluation(wordNet);
  }

  /**
   * Loads CoreNLP from {@code coreNlpFolder}, which must hold {@code stanford-corenlp-4.5.10.jar}
   * and {@code stanford-corenlp-4.5.10-models.jar} (e.g. {@code mvn dependency:copy
   * -Dartifact=edu.stanford.nlp:stanford-corenlp:4.5.10[:jar:models] -DoutputDirectory=DIR}).
   *
   * @throws CoreNlpMissingException when the folder or a jar is missing, naming what to add
   */
  public static SpiceScorer open(Path coreNlpFolder) {
    return open(CoreNlpJars.in(coreNlpFolder));
  }

  /**
   * Loads CoreNLP from the folder named by the system property {@code taskaware.corenlp} or else
   * the environment variable {@code TASKAWARE_CORENLP}; without either, from the local Maven
   * repository ({@code ~/.m2/repository/edu/stanford/nlp/stanford-corenlp/4.5.10}).
   *
   * @throws CoreNlpMissingException when no folder holds both jars, naming what to add
   */
  public static SpiceScorer open() {
    return open(CoreNlpJars.locate());
  }

  private static SpiceScorer open(CoreNlpJars jars) {
    WordNetSynsets wordNet = WordNetSynsets.load();
    return new SpiceScorer(CoreNlpDependencyParser.open(jars), wordNet);
  }

  /**
   * Keeps every parsed caption's tuples in {@code file} and reuses those already there, as SPICE
   * 1.0's {@code -cache} does (pycocoevalcap turns it on): a dataset's references are parsed once
   * across runs. JSON lines, appended and flushed per caption, so an interrupted run keeps its
   * parses; the file is created with its folder when absent. Call before scoring.
   *
   * @return this scorer
   * @throws MetricInputException naming the file (and line) when it was written by another parser
   *     (CoreNLP release or rule revision) or holds a malformed line
   */
  public SpiceScorer withParseCache(Path file) {
    if (cache != null) {
      throw new IllegalStateException("SPICE: a parse cache is already attached");
    }
    Map<String, List<List<String>>> loaded = new HashMap<>();
    cache = SpiceParseCache.open(file, loaded);
    loaded.forEach(parses::putIfAbsent);
    return this;
  }

  /** {@link #score(Map, Map, Progress)} without progress reports. */
  public SpiceScores score(Map<String, List<String>> references, Map<String, String> candidates) {
    return score(references, candidates, (done, total) -> {});
  }

  /**
   * Scores every image of {@code candidates} against its references. Captions are parsed as given;
   * pycocoevalcap passes SPICE its PTB-tokenized, lower-cased captions.
   *
   * @param references image id → its reference captions (images without a candidate are ignored)
   * @param candidates image id → the generated caption; iteration order is the per-image order
   * @param progress told after each newly parsed caption
   * @throws MetricInputException when there are no candidates, a caption is null, or a candidate's
   *     image has no reference captions
   */
  public SpiceScores score(
      Map<String, List<String>> references, Map<String, String> candidates, Progress progress) {
    if (candidates == null || candidates.isEmpty()) {
      throw new MetricInputException("SPICE: no candidate captions to score");
    }
    if (references == null) {
      throw new MetricInputException("SPICE: references are null");
    }
    Set<String> toParse = new LinkedHashSet<>();
    for (Map.Entry<String, String> c : candidates.entrySet()) {
      List<String> refs = references.get(c.getKey());
      if (c.getValue() == null) {
        throw new MetricInputException("SPICE: image " + c.getKey() + ": the candidate is null");
      }
      if (refs == null || refs.isEmpty()) {
        throw new MetricInputException(
            "SPICE: image "
                + c.getKey()
                + " has a candidate caption but no reference captions; every scored image needs"
                + " at least one");
      }
      for (int r = 0; r < refs.size(); r++) {
        if (refs.get(r) == null) {
          throw new MetricInputException(
              "SPICE: image " + c.getKey() + ": reference caption " + r + " is null");
        }
        toParse.add(refs.get(r));
      }
      toParse.add(c.getValue());
    }
    toParse.removeAll(parses.keySet());
    parseAll(List.copyOf(toParse), progress);
    Map<String, List<List<String>>> referenceTuples = new HashMap<>();
    Map<String, List<List<String>>> candidateTuples = new LinkedHashMap<>();
    for (Map.Entry<String, String> c : candidates.entrySet()) {
      List<List<String>> refs = new ArrayList<>();
      for (String r : references.get(c.getKey())) {
        refs.addAll(parses.get(r));
      }
      referenceTuples.put(c.getKey(), refs);
      candidateTuples.put(c.getKey(), parses.get(c.getValue()));
    }
    return evaluation.score(referenceTuples, candidateTuples);
  }

  /** Parses on one thread per core; a caption's tuples do not depend on the others. */
  private void parseAll(List<String> captions, Progress progress) {
    if (captions.isEmpty()) {
      return;
    }
    int threads = Math.min(Runtime.getRuntime().availableProcessors(), captions.size());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      ExecutorCompletionService<Map.Entry<String, List<List<String>>>> done =
          new ExecutorCompletionService<>(pool);
      for (String caption : captions) {
        done.submit(
            () -> Map.entry(caption, List.copyOf(SpiceRules.tuples(parser.parse(caption)))));
      }
      for (int n = 1; n <= captions.size(); n++) {
        Future<Map.Entry<String, List<List<String>>>> next = done.take();
        Map.Entry<String, List<List<String>>> parsed = next.get();
        parses.put(parsed.getKey(), parsed.getValue());
        if (cache != null) {
          cache.add(parsed.getKey(), parsed.getValue());
        }
        progress.parsed(n, captions.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("SPICE: interrupted while parsing captions", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("SPICE: parsing failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The raw tuples SPICE's rules extract from {@code caption} (for tests and inspection). */
  List<List<String>> tuples(String caption) {
    return parses.computeIfAbsent(caption, c -> List.copyOf(SpiceRules.tuples(parser.parse(c))));
  }

  /** Releases CoreNLP's class loader and jar files, and closes the parse cache. */
  @Override
  public void close() {
    try {
      parser.close();
    } finally {
      if (cache != null) {
        cache.close();
      }
    }
  }
}
