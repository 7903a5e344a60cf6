package ai.taskaware.benchmarks.naturalbench;

import ai.taskaware.benchmarks.io.ImageSource;
import java.util.List;

/**
 * One NaturalBench row: two questions, two images and the four stored answers.
 *
 * @param index the row's {@code Index}
 * @param type the question type
 * @param questions {@code Question_0}, {@code Question_1}
 * @param images {@code Image_0}, {@code Image_1} (files or bytes embedded in a Parquet shard)
 * @param answers {@code answers.get(q).get(i)} = the stored {@code Image_i_Question_q}
 * @param source the {@code Source} column, empty when absent
 */
public record NaturalBenchSample(
    String index,
    QuestionType type,
    List<String> questions,
    List<ImageSource> images,
    List<List<String>> answers,
    String source) {

  public NaturalBenchSample {
    questions = List.copyOf(questions);
    images = List.copyOf(images);
    answers = List.of(List.copyOf(answers.get(0)), List.copyOf(answers.get(1)));
  }

  /**
   * The prompt for question {@code q}: {@code item["Question_q"] + SUFFIX_FOR_VQA[type]}, joined
   * without a separator exactly as the official script joins them.
   */
  public String prompt(int q) {
    return questions.get(q) + type.suffix();
  }
}
