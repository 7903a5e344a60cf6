package ai.taskaware.core.model;

import ai.taskaware.core.image.RgbImage;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Scores how well each image matches each text (image–text matching: CLIP similarity, or the
 * paper's cross-attention LogSumExp score). Only the order of scores matters to benchmarks; higher
 * means a better match.
 *
 * <p>Implementations are thread-safe and own native resources: close them.
 */
public interface ImageTextScorer extends AutoCloseable {

  /**
   * Scores every image against every text.
   *
   * @return a float64 matrix of shape {@code (images.size(), texts.size())}
   */
  INDArray score(List<RgbImage> images, List<String> texts);

  /**
   * A short, stable name for tables and result files (e.g. {@code "clip"}, {@code "sd-xattn-lse"}).
   */
  String name();

  @Override
  void close();
}
