package ai.taskaware.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFileTest {

  record Score(String benchmark, double accuracy) {}

  @Test
  void resultsAndProvenanceRoundTrip(@TempDir Path dir) {
    Path file = dir.resolve("out/scores.json");
    Provenance p = Provenance.of("test").withSeed("noise", 7);
    ResultFile.write(file, Map.of("mmvp", new Score("mmvp", 0.25)), p);

    assertThat(ResultFile.readResults(file).get("mmvp").get("accuracy").asDouble()).isEqualTo(0.25);
    assertThat(ResultFile.readProvenance(file)).isEqualTo(p);
    assertThat(dir.resolve("out")).isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void aFileWithoutProvenanceIsRejectedByName(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bare.json");
    Files.writeString(file, "{\"results\": {}}");
    assertThatThrownBy(() -> ResultFile.readResults(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bare.json")
        .hasMessageContaining("'provenance'");
  }
}
