package ai.taskaware.diffusion;

import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.model.VisualEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stable Diffusion as the paper's task-aware {@link VisualEncoder}: one U-Net tap of a {@link
 * FeatureRequest} (timesteps, guidance scale, token grid, seeds), each image conditioned on its
 * prompt (the question) through the folder's text encoder. Token taps come out as they are; spatial
 * taps {@code (B, C, G, G)} become {@code (B, G·G, C)} tokens, row-major over the grid, as the
 * paper flattens them. Several timesteps are averaged (the request's ensemble setting is forced
 * on), so every image gets one token sequence.
 *
 * <p>The token count and width are measured once when the encoder is made, by encoding a grey image
 * unconditionally. Thread-safe (the extractor is); closes the pipeline when it owns it.
 */
public final class DiffusionVisualEncoder implements VisualEncoder {

  private final StableDiffusionPipeline pipeline;
  private final boolean ownsPipeline;
  private final FeatureRequest request;
  private final String tap;
  private final int tokenCount;
  private final int featureSize;

  private DiffusionVisualEncoder(
      StableDiffusionPipeline pipeline, boolean ownsPipeline, FeatureRequest request) {
    if (request.taps().size() != 1) {
      throw new IllegalArgumentException(
          "a visual encoder reads one tap, the request names " + request.taps());
    }
    this.pipeline = pipeline;
    this.ownsPipeline = ownsPipeline;
    this.request = request.withEnsembleTimesteps(true);
    this.tap = request.taps().get(0);
    int side = pipeline.extractor().imageSize();
    byte[] pixels = new byte[side * side * RgbImage.CHANNELS];
    Arrays.fill(pixels, (byte) 128);
    RgbImage grey = new RgbImage(side, side, pixels);
    INDArray probe = encode(List.of(grey), List.of());
    this.tokenCount = (int) probe.size(1);
    this.featureSize = (int) probe.size(2);
  }

  /**
   * An encoder over an open pipeline, which the caller keeps and closes.
   *
   * @throws ai.taskaware.diffusion.tap.UnknownTapException listing the U-Net's taps
   * @throws IllegalArgumentException when the request names other than one tap, or the tap gives
   *     neither tokens nor a feature map
   */
  public static DiffusionVisualEncoder over(
      StableDiffusionPipeline pipeline, FeatureRequest request) {
    return new DiffusionVisualEncoder(pipeline, false, request);
  }

  /**
   * Opens the Stable Diffusion folder ({@link StableDiffusionPipeline#open}) for this encoder
   * alone; {@link #close()} closes it.
   *
   * @throws ai.taskaware.core.checkpoint.CheckpointException when a component is missing or
   *     malformed
   * @throws ai.taskaware.diffusion.tap.UnknownTapException listing the U-Net's taps
   */
  public static DiffusionVisualEncoder open(
      Path stableDiffusionFolder, ExtractorOptions options, FeatureRequest request) {
    StableDiffusionPipeline p = StableDiffusionPipeline.open(stableDiffusionFolder, options);
    try {
      return new DiffusionVisualEncoder(p, true, request);
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  /** The tap read, as requested. */
  public String tap() {
    return tap;
  }

  /** The request features are extracted with (timesteps averaged). */
  public FeatureRequest request() {
    return request;
  }

  @Override
  public INDArray encode(List<RgbImage> images, List<String> prompts) {
    if (!prompts.isEmpty() && prompts.size() != images.size()) {
      throw new IllegalArgumentException(
          "one prompt per image expected: " + images.size() + " images, " + prompts.size());
    }
    List<List<String>> perImage = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      perImage.add(List.of(prompts.isEmpty() ? "" : prompts.get(i)));
    }
    INDArray x = pipeline.extractor().extractPerImage(images, perImage, request).get(tap);
    if (x.rank() == 4) {
      long b = x.size(0);
      long c = x.size(1);
      long tokens = x.size(2) * x.size(3);
      return x.permute(0, 2, 3, 1).dup('c').reshape('c', b, tokens, c).castTo(DataType.FLOAT);
    }
    if (x.rank() == 3) {
      return x.castTo(DataType.FLOAT);
    }
    throw new IllegalArgumentException(
        "tap "
            + tap
            + " gives "
            + Arrays.toString(x.shape())
            + "; a visual encoder needs tokens (B, N, C) or a feature map (B, C, H, W)");
  }

  @Override
  public int tokenCount() {
    return tokenCount;
  }

  @Override
  public int featureSize() {
    return featureSize;
  }

  @Override
  public void close() {
    if (ownsPipeline) {
      pipeline.close();
    }
  }
}
