package ai.taskaware.benchmarks.mmvp;

import java.util.List;

/** Scores graded MMVP answers as {@code gpt_grader.py}'s main loop does. */
public final class MmvpScorer {

  private MmvpScorer() {}

  /**
   * Scores records in file order: lines 1–2 are a pair, 3–4 the next, …; a pair is correct only
   * when both grades are "yes" (gpt_grader.py: {@code round_correct == 2}); a trailing unpaired
   * line is ignored, as the script's counter ignores it.
   *
   * @throws IllegalArgumentException if there is no complete pair
   */
  public static MmvpScores score(List<MmvpRecord> records) {
    int pairs = records.size() / 2;
    if (pairs == 0) {
      throw new IllegalArgumentException("MMVP needs at least one pair of graded answers");
    }
    int correctPairs = 0;
    int yes = 0;
    int undetermined = 0;
    for (MmvpRecord record : records) {
      if (MmvpGrader.isCorrect(record.grade())) {
        yes++;
      }
      if (MmvpGrader.UNDETERMINED.equals(record.grade())) {
        undetermined++;
      }
    }
    for (int pair = 0; pair < pairs; pair++) {
      if (MmvpGrader.isCorrect(records.get(2 * pair).grade())
          && MmvpGrader.isCorrect(records.get(2 * pair + 1).grade())) {
        correctPairs++;
      }
    }
    return new MmvpScores(pairs, correctPairs, (double) correctPairs / pairs, yes, undetermined);
  }
}
