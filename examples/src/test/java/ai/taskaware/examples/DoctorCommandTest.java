package ai.taskaware.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.provenance.ResultFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code taskaware doctor} is what the README's main command runs: it must pass on this machine.
 */
class DoctorCommandTest {

  @Test
  void doctorPassesAndWritesItsResultFile(@TempDir Path dir) {
    CliRun run = CliRun.of("doctor", "--out", dir.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("[6/6] provenance", "All checks passed", "CUDA");
    assertThat(
            ResultFile.readResults(dir.resolve("foundation-check.json"))
                .get("block_max_abs_diff")
                .asDouble())
        .isLessThan(1e-4);
  }
}
