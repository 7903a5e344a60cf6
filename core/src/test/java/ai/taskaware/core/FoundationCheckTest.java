package ai.taskaware.core;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.provenance.ResultFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job must keep working: run it end to end and check what it wrote. */
class FoundationCheckTest {

  @Test
  void theMainJobRunsAndItsBlockMatchesTheIndependentComputation(@TempDir Path out)
      throws Exception {
    FoundationCheck.main(new String[] {out.toString()});

    var results = ResultFile.readResults(out.resolve("foundation-check.json"));
    assertThat(results.get("block_max_abs_diff").asDouble()).isLessThan(1e-4);
    assertThat(ResultFile.readProvenance(out.resolve("foundation-check.json")).checkpoints())
        .containsKey("block");
    assertThat(out.resolve("scene-sd-512.png")).isRegularFile();
    assertThat(out.resolve("onnx-cache")).isDirectory();
  }
}
