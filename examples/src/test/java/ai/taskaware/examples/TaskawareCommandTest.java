package ai.taskaware.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.provenance.LibraryVersions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help, version, exit codes and error reporting of the top command. */
class TaskawareCommandTest {

  @Test
  void helpListsEveryCommandAndExitsZero() {
    CliRun run = CliRun.of("--help");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("inspect", "chat", "score-captions", "cka", "3980 bytes")
        .contains("extract", "itm", "analyze");
  }

  @Test
  void everySubcommandHasHelp() {
    for (String[] args :
        new String[][] {
          {"inspect", "--help"},
          {"inspect", "unet", "--help"},
          {"inspect", "llama", "--help"},
          {"chat", "--help"},
          {"score-captions", "--help"},
          {"cka", "--help"},
          {"extract", "--help"},
          {"itm", "--help"},
          {"analyze", "--help"}
        }) {
      CliRun run = CliRun.of(args);
      assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run).isZero();
      assertThat(run.out()).as(String.join(" ", args)).startsWith("Usage: taskaware");
    }
  }

  @Test
  void versionPrintsTheLibraryVersions() {
    CliRun run = CliRun.of("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("taskaware " + LibraryVersions.taskaware(), "onnxruntime");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(CliRun.of("--no-such-option").exitCode()).isEqualTo(2);
    assertThat(CliRun.of("no-such-command").exitCode()).isEqualTo(2);
    CliRun missingSubcommand = CliRun.of("inspect");
    assertThat(missingSubcommand.exitCode()).isEqualTo(2);
    assertThat(missingSubcommand.err()).contains("Missing required subcommand");
    CliRun missingOption = CliRun.of("cka", "--x", "a.safetensors");
    assertThat(missingOption.exitCode()).isEqualTo(2);
    assertThat(missingOption.err()).contains("--y", "--out");
  }

  @Test
  void inputErrorsExitOneWithTheMessageAndNoStackTrace(@TempDir Path dir) {
    Path missing = dir.resolve("missing.safetensors");
    String[] args = {
      "cka", "--x", missing.toString(), "--y", missing.toString(), "--out", dir + "/c.json"
    };
    CliRun run = CliRun.of(args);
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err()).contains("taskaware cka: error:", missing.toString());
    assertThat(run.err()).doesNotContain("\tat ");

    String[] verbose = new String[args.length + 1];
    System.arraycopy(args, 0, verbose, 0, args.length);
    verbose[args.length] = "--verbose";
    CliRun traced = CliRun.of(verbose);
    assertThat(traced.exitCode()).isEqualTo(1);
    assertThat(traced.err()).contains("\tat ");
  }

  @Test
  void aMissingCheckpointFolderIsNamed(@TempDir Path dir) {
    Path none = dir.resolve("nothing-here");
    CliRun run =
        CliRun.of(
            "inspect",
            "llama",
            "--checkpoint",
            none.toString(),
            "--inputs",
            "x",
            "--out",
            dir.resolve("o.safetensors").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("--checkpoint " + none + ": not a directory");
  }
}
