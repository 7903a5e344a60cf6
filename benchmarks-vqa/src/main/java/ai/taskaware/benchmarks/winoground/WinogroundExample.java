package ai.taskaware.benchmarks.winoground;

import java.nio.file.Path;

/**
 * One line of {@code examples.jsonl}.
 *
 * @param id the example id
 * @param image0 image 0's file
 * @param image1 image 1's file
 * @param caption0 caption 0 (matches image 0)
 * @param caption1 caption 1 (matches image 1)
 * @param tag the linguistic tag (e.g. {@code "Object"}), empty when absent
 * @param secondaryTag the secondary tag, empty when absent
 * @param collapsedTag the collapsed tag, empty when absent
 */
public record WinogroundExample(
    String id,
    Path image0,
    Path image1,
    String caption0,
    String caption1,
    String tag,
    String secondaryTag,
    String collapsedTag) {}
