package ai.taskaware.benchmarks.naturalbench;

import java.util.List;

/**
 * One sample's four answers, in the official order {@code q0_i0, q0_i1, q1_i0, q1_i1}.
 *
 * @param index the sample's {@code Index}
 * @param outputs the model's raw outputs
 * @param extracted {@code extract_answer} of each output (1, 0 or −1)
 * @param expected the stored answers encoded the same way
 */
public record NaturalBenchRecord(
    String index, List<String> outputs, List<Integer> extracted, List<Integer> expected) {

  /** Whether cell {@code q}, {@code i} was answered as stored. */
  public boolean correct(int q, int i) {
    int cell = 2 * q + i;
    return extracted.get(cell) != AnswerExtraction.UNANSWERED
        && extracted.get(cell).equals(expected.get(cell));
  }
}
