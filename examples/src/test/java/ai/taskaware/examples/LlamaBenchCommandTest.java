package ai.taskaware.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.provenance.ResultFile;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench-llama} on the tiny shape: the llm-runtime benchmark's figures reach the file. */
class LlamaBenchCommandTest {

  @TempDir Path dir;

  @Test
  void tinyShapeWritesOneRowPerFormatWithProvenance() throws Exception {
    Path out = dir.resolve("llama.json");
    CliRun run =
        CliRun.of(
            "bench-llama",
            "--shape",
            "tiny",
            "--formats",
            "HALF_RESIDENT,INT8_BLOCK256",
            "--prompt",
            "8",
            "--decode",
            "2",
            "--in-process",
            "--cache",
            dir.resolve("cache").toString(),
            "--out",
            out.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("LLaMA tiny").contains("INT8_BLOCK256");
    JsonNode results = ResultFile.readResults(out);
    assertThat(results.path("shape").path("name").asText()).isEqualTo("tiny");
    assertThat(results.path("results")).hasSize(2);
    JsonNode int8 = results.path("results").get(1);
    assertThat(int8.path("format").asText()).isEqualTo("INT8_BLOCK256");
    assertThat(int8.path("prefillTokensPerSecond").asDouble()).isPositive();
    assertThat(int8.path("decodeTokensPerSecond").asDouble()).isPositive();
    assertThat(int8.path("runPeakResidentBytes").asLong()).isPositive();
    assertThat(int8.path("linearBytesPerParameter").asDouble()).isEqualTo(1 + 4.0 / 256);
    JsonNode provenance = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toFile());
    assertThat(provenance.path("provenance").path("component").asText())
        .isEqualTo("examples/bench-llama");
    assertThat(provenance.path("provenance").path("options").path("formats").asText())
        .isEqualTo("[HALF_RESIDENT, INT8_BLOCK256]");
    // the checkpoint stays for the next run; compiled models are removed after measuring
    assertThat(dir.resolve("cache/llama-tiny/checkpoint/config.json")).exists();
    try (var listing = Files.list(dir.resolve("cache/llama-tiny"))) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.startsWith("compiled-"));
    }
  }

  @Test
  void weightsBiggerThanMemoryAndUnknownShapesAreRefusedUpFront() {
    long physical =
        ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize();
    // 7B float32 linear weights are 26.4 GB: refused on machines with less memory
    org.junit.jupiter.api.Assumptions.assumeTrue(physical < 26.4e9);
    CliRun tooBig =
        CliRun.of(
            "bench-llama",
            "--shape",
            "vicuna-7b",
            "--formats",
            "FLOAT32",
            "--cache",
            dir.resolve("cache").toString(),
            "--out",
            dir.resolve("x.json").toString());
    assertThat(tooBig.exitCode()).isEqualTo(1);
    assertThat(tooBig.err()).contains("FLOAT32 (26.4 GB)").contains("vicuna-7b");
    assertThat(dir.resolve("cache")).doesNotExist();
    CliRun unknown =
        CliRun.of("bench-llama", "--shape", "llama-70b", "--out", dir.resolve("y.json").toString());
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("llama-70b").contains("vicuna-7b");
  }
}
