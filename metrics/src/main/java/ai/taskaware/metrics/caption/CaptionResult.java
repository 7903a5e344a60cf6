package ai.taskaware.metrics.caption;

/**
 * One entry of a COCO captioning results list: the generated caption for an image.
 *
 * @param imageId the image, as the references key it
 * @param caption the generated caption, untokenized
 */
public record CaptionResult(String imageId, String caption) {}
