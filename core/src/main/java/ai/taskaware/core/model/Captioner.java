package ai.taskaware.core.model;

import ai.taskaware.core.image.RgbImage;

/**
 * Produces a caption for an image, used by the captioning benchmarks (COCO) and the paper's
 * prompt-leakage study (a model trained with the caption as prompt is asked to caption a mismatched
 * image).
 *
 * <p>Implementations are thread-safe and own native resources: close them.
 */
public interface Captioner extends AutoCloseable {

  /**
   * Captions one image.
   *
   * @param image the image
   * @param conditioningPrompt the prompt given to a task-aware visual encoder, or the empty string
   *     for none
   */
  String caption(RgbImage image, String conditioningPrompt);

  @Override
  void close();
}
