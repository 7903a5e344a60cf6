package ai.taskaware.examples.benchmark;

import ai.taskaware.benchmarks.llavabench.LlavaBenchScorer;
import ai.taskaware.benchmarks.llavabench.LlavaBenchScores;
import ai.taskaware.core.provenance.Provenance;
import ai.taskaware.core.provenance.ResultFile;
import ai.taskaware.examples.cli.OutputOption;
import ai.taskaware.examples.cli.TaskawareSubcommand;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code taskaware score llava-bench}: LLaVA's {@code summarize_gpt_review.py} on a review file.
 */
@Command(
    name = "llava-bench",
    description = {
      "Summarize LLaVA-Bench GPT reviews as llava/eval/summarize_gpt_review.py does.",
      "REVIEW.jsonl: one JSON object per line with \"category\" and \"tuple\" [reference, model]"
          + " (as eval_gpt_review_bench.py writes). S.json: {\"results\": {<category>:"
          + " {\"relative\", \"reference_mean\", \"model_mean\", \"reviews\", \"unparsed\"}}, ...};"
          + " \"all\" is the overall score."
    })
public final class ScoreLlavaBenchCommand extends TaskawareSubcommand {

  @Option(
      names = "--reviews",
      required = true,
      paramLabel = "REVIEW.jsonl",
      description = "GPT review file.")
  Path reviews;

  @Mixin OutputOption out;

  /** For picocli. */
  public ScoreLlavaBenchCommand() {}

  @Override
  protected void execute() {
    Path output = out.file();
    LlavaBenchScores scores = LlavaBenchScorer.scoreReviewFile(reviews);
    Map<String, Map<String, Object>> results = new LinkedHashMap<>();
    scores
        .categories()
        .forEach(
            (category, c) -> {
              Map<String, Object> line = new LinkedHashMap<>();
              line.put("relative", c.relative());
              line.put("reference_mean", c.referenceMean());
              line.put("model_mean", c.modelMean());
              line.put("reviews", c.reviews());
              line.put("unparsed", c.unparsed());
              results.put(category, line);
              out()
                  .printf(
                      Locale.ROOT,
                      "%-20s %5.1f  reference %.3f  model %.3f  (%d reviews, %d unparsed)%n",
                      category,
                      c.relative(),
                      c.referenceMean(),
                      c.modelMean(),
                      c.reviews(),
                      c.unparsed());
            });
    ResultFile.write(
        output,
        results,
        Provenance.of("taskaware score llava-bench")
            .withOption("reviews", reviews.toAbsolutePath()));
    err().printf("wrote %s%n", output);
  }
}
