package ai.taskaware.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.taskaware.benchmarks.blink.BlinkRecord;
import ai.taskaware.benchmarks.blink.BlinkScorer;
import ai.taskaware.benchmarks.gqa.GqaRecord;
import ai.taskaware.benchmarks.gqa.GqaScorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootstrapTest {

  private static List<GqaRecord> gqa(int n, int correct) {
    List<GqaRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new GqaRecord("q" + i, "t", "p", "a", i % 2 == 0, i < correct));
    }
    return out;
  }

  private static Resampling<GqaRecord> gqaRun(List<GqaRecord> records) {
    return Resampling.plain(records, GqaScorer::scoreRecords);
  }

  @Test
  void scoresAreTheFractionalFieldsOfAScorerResult() {
    Map<String, Double> scores =
        Bootstrap.scores(
            BlinkScorer.scoreRecords(
                List.of(
                    new BlinkRecord("val_Counting_1", "(A)", "", "(A)", "rule"),
                    new BlinkRecord("val_Jigsaw_1", "(A)", "", null, "unanswered")),
                Path.of("x"),
                "val"));
    assertThat(scores)
        .containsOnlyKeys("perTask.Counting", "perTask.Jigsaw", "total")
        .containsEntry("total", 0.5);
  }

  @Test
  void intervalOfAHalfRightBinomialMatchesTheNormalApproximation() {
    Map<String, Interval> intervals =
        Bootstrap.intervals(gqaRun(gqa(100, 50)), new BootstrapSettings(2000, 7, 0.95));
    Interval accuracy = intervals.get("accuracy");
    assertThat(accuracy.estimate()).isEqualTo(0.5);
    // 0.5 ± 1.96 · sqrt(0.25 / 100) = [0.402, 0.598]; the percentile bootstrap is within 0.02
    assertThat(accuracy.low()).isCloseTo(0.402, within(0.02));
    assertThat(accuracy.high()).isCloseTo(0.598, within(0.02));
    assertThat(Bootstrap.intervals(gqaRun(gqa(100, 50)), new BootstrapSettings(2000, 7, 0.95)))
        .isEqualTo(intervals); // seeded: reproducible
    Interval allRight =
        Bootstrap.intervals(gqaRun(gqa(40, 40)), BootstrapSettings.defaults()).get("accuracy");
    assertThat(allRight).isEqualTo(new Interval(1, 1, 1));
  }

  @Test
  void strataAreResampledWithinThemselves() {
    List<BlinkRecord> records = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      records.add(new BlinkRecord("val_Art_Style_" + i, "(A)", "", "(A)", "rule"));
      records.add(new BlinkRecord("val_Counting_" + i, "(A)", "", "(B)", "rule"));
    }
    Resampling<BlinkRecord> byTask =
        new Resampling<>(
            records,
            r -> r.idx().contains("Art") ? "Art_Style" : "Counting",
            s -> BlinkScorer.scoreRecords(s, Path.of("x"), "val"));
    // every stratified resample keeps 10 Art_Style (all right) and 10 Counting (all wrong)
    assertThat(Bootstrap.intervals(byTask, BootstrapSettings.defaults()).get("total"))
        .isEqualTo(new Interval(0.5, 0.5, 0.5));
  }

  @Test
  void pairedComparisonOfTwoRunsOnTheSameItems() {
    List<GqaRecord> a = gqa(100, 50);
    List<GqaRecord> b = gqa(100, 70); // right on everything A is right on, plus 20 more
    Map<String, PairedComparison> better =
        Bootstrap.compare(gqaRun(a), gqaRun(b), BootstrapSettings.defaults());
    PairedComparison accuracy = better.get("accuracy");
    assertThat(accuracy.difference()).isCloseTo(0.2, within(1e-12));
    assertThat(accuracy.low()).isGreaterThan(0.1);
    assertThat(accuracy.high()).isLessThan(0.3);
    assertThat(accuracy.probabilityNotBetter()).isEqualTo(0.0);
    PairedComparison same =
        Bootstrap.compare(gqaRun(a), gqaRun(a), BootstrapSettings.defaults()).get("accuracy");
    assertThat(same).isEqualTo(new PairedComparison(0.5, 0.5, 0, 0, 0, 1));
    assertThatThrownBy(
            () -> Bootstrap.compare(gqaRun(a), gqaRun(gqa(10, 1)), BootstrapSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void markdownTable() {
    String md =
        RunReport.markdown(
            "GQA",
            Map.of("accuracy", new Interval(0.5, 0.40125, 0.6)),
            new BootstrapSettings(1000, 0, 0.95));
    assertThat(md)
        .isEqualTo(
            "## GQA\n\n| score | value | 95% CI (bootstrap, 1000 resamples) |\n"
                + "| --- | ---: | ---: |\n| accuracy | 0.5000 | [0.4013, 0.6000] |\n");
  }
}
