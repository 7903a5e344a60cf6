package ai.taskaware.benchmarks.coco;

/**
 * One image's result.
 *
 * @param imageId the image
 * @param prompt the conditioning prompt it was captioned with (empty for none)
 * @param promptSource the image whose caption the prompt is (empty for none or a fixed prompt)
 * @param caption the generated caption
 */
public record CocoCaptionRecord(
    String imageId, String prompt, String promptSource, String caption) {}
