package ai.taskaware.benchmarks.winoground;

/**
 * One example's four scores, named as the Winoground paper's notebook names them ({@code c0_i0} =
 * caption 0 with image 0), and its three outcomes.
 *
 * @param id example id
 * @param c0i0 score of caption 0 with image 0
 * @param c0i1 score of caption 0 with image 1
 * @param c1i0 score of caption 1 with image 0
 * @param c1i1 score of caption 1 with image 1
 * @param textCorrect see {@link WinogroundScorer#textCorrect}
 * @param imageCorrect see {@link WinogroundScorer#imageCorrect}
 * @param groupCorrect both
 */
public record WinogroundRecord(
    String id,
    double c0i0,
    double c0i1,
    double c1i0,
    double c1i1,
    boolean textCorrect,
    boolean imageCorrect,
    boolean groupCorrect) {}
