package ai.taskaware.benchmarks.coco;

import ai.taskaware.benchmarks.io.ImageSource;
import java.util.List;

/**
 * One image to caption with its reference captions.
 *
 * @param imageId the COCO image id (as the annotations and results key it)
 * @param image the image file
 * @param references its reference captions, in annotation order (at least one)
 */
public record CocoImage(String imageId, ImageSource image, List<String> references) {

  public CocoImage {
    references = List.copyOf(references);
    if (references.isEmpty()) {
      throw new IllegalArgumentException("image " + imageId + " has no reference captions");
    }
  }
}
