package ai.taskaware.llm.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.provenance.ResultFile;
import ai.taskaware.llm.llama.LinearWeights;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark code on the tiny shape, in this JVM: figures are produced and written. */
class LlamaBenchmarkSmokeTest {

  @TempDir Path dir;

  @Test
  void tinyShapeProducesATableAndAResultFile() throws Exception {
    Path out = dir.resolve("bench.json");
    LlamaBenchmark.Report report =
        LlamaBenchmark.run(
            new LlamaBenchmark.Settings(
                LlamaShape.TINY,
                List.of(LinearWeights.FLOAT32, LinearWeights.INT4_BLOCK32),
                8,
                2,
                dir,
                out,
                false));
    assertThat(report.results()).hasSize(2);
    for (LlamaBenchmark.Measurement m : report.results()) {
      assertThat(m.prefillTokensPerSecond()).isPositive();
      assertThat(m.decodeTokensPerSecond()).isPositive();
      // a full GC after loading may touch new pages, so the post-load RSS is not bounded by the
      // load peak; each figure is only checked to be a real reading
      assertThat(m.buildPeakResidentBytes()).isPositive();
      assertThat(m.residentBytesBeforeLoad()).isPositive();
      assertThat(m.residentBytesAfterLoad()).isPositive();
      assertThat(m.javaHeapBytesAfterLoad()).isPositive();
      assertThat(m.runPeakResidentBytes()).isPositive();
    }
    assertThat(report.results().get(1).weightBytesPerToken())
        .isEqualTo(Math.round(LlamaShape.TINY.linearParameters() * 0.625));
    assertThat(report.copyBandwidthBytesPerSecond()).isPositive();
    JsonNode results = ResultFile.readResults(out);
    assertThat(results.path("results")).hasSize(2);
    assertThat(results.path("results").get(1).path("format").asText()).isEqualTo("INT4_BLOCK32");
    assertThat(LlamaBenchmark.table(report)).contains("FLOAT32").contains("INT4_BLOCK32");
  }

  @Test
  void linearParameterCountMatchesTinyLlama() {
    // TinyLlama-1.1B: 1,100,048,384 parameters in all (HF model card figure)
    assertThat(LlamaShape.TINYLLAMA_1_1B.parameters()).isEqualTo(1_100_048_384L);
  }
}
