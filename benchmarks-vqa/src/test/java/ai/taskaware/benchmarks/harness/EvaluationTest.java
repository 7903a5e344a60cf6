package ai.taskaware.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.benchmarks.io.BenchmarkDataException;
import ai.taskaware.core.model.ProgressListener;
import ai.taskaware.core.provenance.Provenance;
import ai.taskaware.core.provenance.ResultFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {

  @TempDir Path dir;

  record Row(String id, int square) {}

  private static final List<Integer> ITEMS = IntStream.range(0, 20).boxed().toList();

  private RunSettings settings(
      String name, boolean resume, int workers, ProgressListener listener) {
    return new RunSettings(dir.resolve(name), resume, Provenance.of("test"), listener, workers);
  }

  private static List<Row> run(RunSettings settings, java.util.function.Function<Integer, Row> f) {
    return Evaluation.run("squares", ITEMS, String::valueOf, f, Row.class, Row::id, settings);
  }

  private static Row square(int i) {
    try {
      Thread.sleep((i * 7) % 5); // finish out of order
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new Row(String.valueOf(i), i * i);
  }

  @Test
  void workersKeepDatasetOrderAndReportProgress() throws Exception {
    List<Long> progress = new CopyOnWriteArrayList<>();
    RunSettings settings =
        settings(
            "par",
            false,
            4,
            (stage, done, total) -> {
              assertThat(stage).isEqualTo("squares");
              assertThat(total).isEqualTo(20);
              progress.add(done);
            });
    List<Row> rows = run(settings, EvaluationTest::square);
    assertThat(rows)
        .extracting(Row::square)
        .containsExactlyElementsOf(ITEMS.stream().map(i -> i * i).toList());
    assertThat(Files.readAllLines(settings.logFile())).hasSize(20);
    assertThat(progress)
        .hasSize(21)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.rangeClosed(0, 20).mapToObj(Long::valueOf).toList());
    Evaluation.writeResults(rows, "scores", settings);
    assertThat(ResultFile.readResults(settings.predictionsFile()).get(3).get("square").asInt())
        .isEqualTo(9);
    assertThat(ResultFile.readProvenance(settings.summaryFile()).component()).isEqualTo("test");
  }

  @Test
  void aFailureStopsTheRunAndAResumeEvaluatesOnlyWhatIsMissing() throws Exception {
    RunSettings first = settings("resume", true, 3, ProgressListener.NONE);
    assertThatThrownBy(
            () ->
                run(
                    first,
                    i -> {
                      if (i == 11) {
                        throw new IllegalStateException("model crashed on 11");
                      }
                      return square(i);
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("model crashed on 11");
    int finished = Files.readAllLines(first.logFile()).size();
    assertThat(finished).isLessThan(20);
    Set<Integer> evaluated = ConcurrentHashMap.newKeySet();
    List<Row> rows =
        run(
            first,
            i -> {
              evaluated.add(i);
              return square(i);
            });
    assertThat(evaluated).hasSize(20 - finished).contains(11);
    assertThat(rows)
        .extracting(Row::id)
        .containsExactlyElementsOf(ITEMS.stream().map(String::valueOf).toList());

    RunSettings fresh = settings("resume", false, 1, ProgressListener.NONE);
    Set<Integer> again = ConcurrentHashMap.newKeySet();
    run(
        fresh,
        i -> {
          again.add(i);
          return square(i);
        });
    assertThat(again).hasSize(20); // resume=false starts the log afresh
  }

  @Test
  void aCorruptCompleteLineIsATypedErrorWithItsLineNumber() throws Exception {
    RunSettings settings = settings("corrupt", true, 1, ProgressListener.NONE);
    Files.createDirectories(settings.outputDir());
    Files.writeString(
        settings.logFile(), "{\"id\":\"0\",\"square\":0}\n{\"id\":\"1\",\"square\":\"x\"}\n");
    assertThatThrownBy(() -> run(settings, EvaluationTest::square))
        .isInstanceOf(BenchmarkDataException.class)
        .hasMessageContaining("line 2");
  }
}
