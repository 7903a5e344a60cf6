package ai.taskaware.benchmarks.naturalbench;

import ai.taskaware.benchmarks.harness.Evaluation;
import ai.taskaware.benchmarks.harness.RunSettings;
import ai.taskaware.benchmarks.report.Resampling;
import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.model.GenerationSettings;
import ai.taskaware.core.model.VqaModel;
import java.util.ArrayList;
import java.util.List;

/** Evaluates a {@link VqaModel} on NaturalBench: four questions per sample, one image each. */
public final class NaturalBenchRunner {

  private NaturalBenchRunner() {}

  /**
   * Runs (or resumes) the evaluation and writes {@code predictions.jsonl}, {@code predictions.json}
   * and {@code summary.json}.
   */
  public static NaturalBenchScores run(
      VqaModel model,
      List<NaturalBenchSample> samples,
      GenerationSettings generation,
      RunSettings settings) {
    RunSettings withOptions =
        settings.withProvenance(
            settings
                .provenance()
                .withOption("benchmark", "naturalbench")
                .withOption("generation", generation)
                .withOption("samples", samples.size()));
    List<NaturalBenchRecord> records =
        Evaluation.run(
            "naturalbench",
            samples,
            NaturalBenchSample::index,
            s -> {
              String record = "NaturalBench Index " + s.index();
              List<RgbImage> images =
                  List.of(s.images().get(0).read(record), s.images().get(1).read(record));
              List<String> outputs = new ArrayList<>(4);
              // the official order: q0_i0, q0_i1, q1_i0, q1_i1
              for (int q = 0; q < 2; q++) {
                for (int i = 0; i < 2; i++) {
                  outputs.add(model.answer(List.of(images.get(i)), s.prompt(q), generation));
                }
              }
              return NaturalBenchScorer.decide(s, outputs);
            },
            NaturalBenchRecord.class,
            NaturalBenchRecord::index,
            withOptions);
    NaturalBenchScores scores = NaturalBenchScorer.score(records);
    Evaluation.writeResults(
        "NaturalBench",
        records,
        scores,
        Resampling.plain(records, NaturalBenchScorer::score),
        withOptions);
    return scores;
  }
}
