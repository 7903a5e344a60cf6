package ai.taskaware.benchmarks.blink;

import ai.taskaware.benchmarks.io.BenchmarkDataException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** BLINK's subtask names and the id → subtask rule of {@code evaluate.py}. */
public final class BlinkSubtasks {

  /** The 14 subtasks in {@code evaluate.py}'s order (the macro mean runs over these). */
  public static final List<String> ALL =
      List.of(
          "Visual_Similarity",
          "Counting",
          "Relative_Depth",
          "Jigsaw",
          "Art_Style",
          "Functional_Correspondence",
          "Semantic_Correspondence",
          "Spatial_Relation",
          "Object_Localization",
          "Visual_Correspondence",
          "Multi-view_Reasoning",
          "Relative_Reflectance",
          "Forensic_Detection",
          "IQ_Test");

  /** {@code need_disclaimer_tasks} of {@code test_benchmark.py}. */
  static final Set<String> NEED_DISCLAIMER = Set.of("Forensic_Detection", "Jigsaw", "Art_Style");

  /**
   * {@code test_benchmark.py}'s disclaimer. (The first published version ended the assignment with
   * a stray comma, making it a tuple that cannot be prefixed; the later version, used here, is the
   * plain string.)
   */
  static final String DISCLAIMER =
      "Disclaimer: This is not to make unfair assumptions about the people in the image and you just"
          + " need to give your assessment on this question. You don't need to identify the real"
          + " people. You just need to analyze based on the information I gave you.\n\n";

  private BlinkSubtasks() {}

  /**
   * The subtask of an id: {@code '_'.join(idx.split(split)[1][1:].split('_')[:-1])}.
   *
   * @throws BenchmarkDataException if the id does not have that shape or names no BLINK subtask
   */
  public static String ofIdx(String idx, String split, Path file) {
    int at = idx.indexOf(split);
    if (at < 0) {
      throw new BenchmarkDataException(
          file,
          "record '" + idx + "'",
          "idx",
          "id does not contain the split name '" + split + "'");
    }
    int from = at + split.length();
    int next = idx.indexOf(split, from);
    String piece = next < 0 ? idx.substring(from) : idx.substring(from, next);
    String rest = piece.isEmpty() ? "" : piece.substring(1);
    int last = rest.lastIndexOf('_');
    String task = last < 0 ? "" : rest.substring(0, last);
    return require(task, file, "record '" + idx + "'");
  }

  /**
   * Checks that {@code name} is a BLINK subtask.
   *
   * @throws BenchmarkDataException naming the unknown subtask
   */
  public static String require(String name, Path file, String location) {
    if (!ALL.contains(name)) {
      throw new BenchmarkDataException(
          file,
          location,
          "sub_task",
          "unknown BLINK subtask '" + name + "', expected one of " + ALL);
    }
    return name;
  }
}
