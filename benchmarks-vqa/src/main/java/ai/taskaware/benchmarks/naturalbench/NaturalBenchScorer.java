package ai.taskaware.benchmarks.naturalbench;

import java.util.List;

/**
 * NaturalBench's {@code get_scores}. The official function hard-codes the published answer layout
 * (q0_i0 = yes/A, q0_i1 = no/B, q1_i0 = no/B, q1_i1 = yes/A); this one compares each cell with its
 * stored answer instead, which gives the same numbers on that layout and right ones on any other.
 */
public final class NaturalBenchScorer {

  private NaturalBenchScorer() {}

  /** Builds the record of a sample from its four outputs ({@code outputs.get(2q + i)}). */
  public static NaturalBenchRecord decide(NaturalBenchSample sample, List<String> outputs) {
    Integer[] extracted = new Integer[4];
    Integer[] expected = new Integer[4];
    for (int q = 0; q < 2; q++) {
      for (int i = 0; i < 2; i++) {
        extracted[2 * q + i] = AnswerExtraction.extract(outputs.get(2 * q + i), sample.type());
        expected[2 * q + i] =
            AnswerExtraction.extract(sample.answers().get(q).get(i), sample.type());
      }
    }
    return new NaturalBenchRecord(
        sample.index(), List.copyOf(outputs), List.of(extracted), List.of(expected));
  }

  /**
   * Q-Acc = right questions / (2·samples) (calculate_question_score), I-Acc = right images /
   * (2·samples) (calculate_image_score), Acc = right cells / (4·samples) (calculate_binary_score),
   * G-Acc = samples with both questions and both images right / samples (calculate_group).
   *
   * @throws IllegalArgumentException if there are no records
   */
  public static NaturalBenchScores score(List<NaturalBenchRecord> records) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("NaturalBench scoring needs at least one sample");
    }
    int questions = 0;
    int images = 0;
    int cells = 0;
    int groups = 0;
    int unanswered = 0;
    for (NaturalBenchRecord r : records) {
      int questionScore = 0;
      int imageScore = 0;
      for (int k = 0; k < 2; k++) {
        questionScore += r.correct(k, 0) && r.correct(k, 1) ? 1 : 0;
        imageScore += r.correct(0, k) && r.correct(1, k) ? 1 : 0;
      }
      for (int q = 0; q < 2; q++) {
        for (int i = 0; i < 2; i++) {
          cells += r.correct(q, i) ? 1 : 0;
          unanswered += r.extracted().get(2 * q + i) == AnswerExtraction.UNANSWERED ? 1 : 0;
        }
      }
      questions += questionScore;
      images += imageScore;
      groups += questionScore == 2 && imageScore == 2 ? 1 : 0;
    }
    double n = records.size();
    return new NaturalBenchScores(
        questions / (2 * n),
        images / (2 * n),
        cells / (4 * n),
        groups / n,
        records.size(),
        unanswered);
  }
}
