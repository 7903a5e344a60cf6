package ai.taskaware.benchmarks.mmvp;

import ai.taskaware.benchmarks.io.BenchmarkDataException;
import ai.taskaware.benchmarks.io.JsonFiles;
import ai.taskaware.benchmarks.io.JsonRecord;
import ai.taskaware.benchmarks.judge.AnswerJudge;
import ai.taskaware.benchmarks.judge.JudgedAnswer;
import ai.taskaware.benchmarks.judge.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Grades an existing MMVP answer file as {@code gpt_grader.py} does: the JSON Lines file {@code
 * evaluate_mllm.py} writes ({@code question_id}, {@code prompt}, {@code answer}, {@code response},
 * …), one judge request per line, in file order.
 */
public final class MmvpAnswerFile {

  private MmvpAnswerFile() {}

  /**
   * Grades every line of {@code answers} with {@code judge} (the options are read from each
   * prompt); score the result with {@link MmvpScorer#score}.
   *
   * @throws BenchmarkDataException on a malformed line or an empty file
   */
  public static List<MmvpRecord> grade(Path answers, AnswerJudge judge) {
    if (judge == null) {
      throw new IllegalArgumentException("grading MMVP answers needs an AnswerJudge");
    }
    List<MmvpRecord> records = new ArrayList<>();
    for (JsonRecord line : JsonFiles.readLines(answers)) {
      String prompt = line.text("prompt");
      String answer = line.text("answer");
      String response = line.text("response", true);
      Verdict verdict =
          judge.judge(new JudgedAnswer(prompt, MmvpQuestion.optionTexts(prompt), answer, response));
      records.add(
          new MmvpRecord(
              (int) line.integer("question_id"),
              prompt,
              answer,
              response,
              verdict.reply(),
              verdict.grade()));
    }
    if (records.isEmpty()) {
      throw new BenchmarkDataException(answers, "", "", "no answers");
    }
    return records;
  }
}
