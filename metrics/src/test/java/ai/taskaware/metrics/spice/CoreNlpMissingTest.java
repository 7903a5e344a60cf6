package ai.taskaware.metrics.spice;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without CoreNLP 4.5.10 and its models, SPICE says exactly what to add and how. */
class CoreNlpMissingTest {

  @Test
  void missingFolder(@TempDir Path dir) {
    Path absent = dir.resolve("corenlp");
    assertThatThrownBy(() -> SpiceScorer.open(absent))
        .isInstanceOf(CoreNlpMissingException.class)
        .hasMessageContaining(absent.toAbsolutePath().toString())
        .hasMessageContaining("does not exist")
        .hasMessageContaining("stanford-corenlp-4.5.10-models.jar")
        .hasMessageContaining(
            "mvn dependency:copy -Dartifact=edu.stanford.nlp:stanford-corenlp:4.5.10:jar:models"
                + " -DoutputDirectory="
                + absent);
  }

  @Test
  void folderWithoutTheModelsJar(@TempDir Path dir) throws IOException {
    Files.createFile(dir.resolve("stanford-corenlp-4.5.10.jar"));
    assertThatThrownBy(() -> SpiceScorer.open(dir))
        .isInstanceOf(CoreNlpMissingException.class)
        .hasMessageContaining("lacks stanford-corenlp-4.5.10-models.jar (")
        .hasMessageContaining("-DoutputDirectory=" + dir);
  }

  @Test
  void jarsThatAreNotCoreNlp(@TempDir Path dir) throws IOException {
    Files.createFile(dir.resolve("stanford-corenlp-4.5.10.jar"));
    Files.createFile(dir.resolve("stanford-corenlp-4.5.10-models.jar"));
    assertThatThrownBy(() -> SpiceScorer.open(dir))
        .isInstanceOf(CoreNlpMissingException.class)
        .hasMessageContaining("could not start Stanford CoreNLP 4.5.10");
  }
}
