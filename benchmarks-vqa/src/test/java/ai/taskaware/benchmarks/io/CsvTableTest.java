package ai.taskaware.benchmarks.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {

  @TempDir Path dir;

  private Path write(String text) throws Exception {
    Path file = dir.resolve("t.csv");
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    return file;
  }

  @Test
  void readsBomQuotedCommasDoubledQuotesMultilineFieldsAndSkipsBlankLines() throws Exception {
    CsvTable table =
        CsvTable.read(
            write(
                "\uFEFFIndex,Question,Options\n"
                    + "1,\"Is it red, or blue?\",\"(a) Red (b) \"\"Blue\"\"\"\n"
                    + "\n"
                    + "2,\"two\nlines\",x\n"));
    assertThat(table.header()).containsExactly("Index", "Question", "Options");
    assertThat(table.rows()).hasSize(2);
    assertThat(table.rows().get(0).cells())
        .containsExactly("1", "Is it red, or blue?", "(a) Red (b) \"Blue\"");
    assertThat(table.rows().get(1).cells()).containsExactly("2", "two\nlines", "x");
    assertThat(table.rows().get(1).number()).isEqualTo(2);
    assertThat(table.column("Options")).isEqualTo(2);
  }

  @Test
  void missingColumnAndEmptyFieldNameFileRowAndField() throws Exception {
    CsvTable table = CsvTable.read(write("A,B\n1,\n"));
    assertThatThrownBy(() -> table.column("C"))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("t.csv")
        .hasMessageContaining("'C'");
    assertThatThrownBy(() -> table.cell(table.rows().get(0), 1, "B"))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("row 1 (line 2)")
        .hasMessageContaining("field 'B'")
        .hasMessageContaining("empty");
  }

  @Test
  void unclosedQuoteAndNonUtf8AndMissingFileAreTypedErrors() throws Exception {
    assertThatThrownBy(() -> CsvTable.read(write("A,B\n1,\"never closed\n")))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("CSV");
    Path latin1 = dir.resolve("latin1.csv");
    Files.write(latin1, new byte[] {'A', '\n', (byte) 0xE9, '\n'});
    assertThatThrownBy(() -> CsvTable.read(latin1))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> CsvTable.read(dir.resolve("nope.csv")))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void datasetRootRejectsEscapesAndAbsolutePaths() {
    DatasetRoot root = new DatasetRoot(dir);
    Path file = dir.resolve("x.jsonl");
    assertThat(root.resolve("images/a.png", file, "line 1", "image"))
        .isEqualTo(dir.resolve("images/a.png").toAbsolutePath().normalize());
    for (String bad : List.of("../secret.png", "images/../../secret.png", "/etc/passwd")) {
      assertThatThrownBy(() -> root.resolve(bad, file, "line 3", "image_0"))
          .isInstanceOf(BenchmarkDataException.class)
          .hasMessageContaining("line 3")
          .hasMessageContaining("image_0");
    }
  }

  @Test
  void jsonLinesNameTheBadLine() throws Exception {
    Path file = dir.resolve("e.jsonl");
    Files.writeString(file, "{\"a\": 1}\n\n{\"a\": 2\n");
    assertThatThrownBy(() -> JsonFiles.readLines(file))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("line 3");
    Files.writeString(file, "[1]\n");
    assertThatThrownBy(() -> JsonFiles.readLines(file))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("line 1")
        .hasMessageContaining("object");
  }
}
