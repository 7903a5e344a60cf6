package ai.taskaware.clip.vision;

import ai.taskaware.core.checkpoint.config.ClipVisionConfig;
import ai.taskaware.core.image.ImageGeometry;
import ai.taskaware.core.image.PixelNormalization;
import ai.taskaware.core.image.PixelTensors;
import ai.taskaware.core.image.Resampling;
import ai.taskaware.core.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * transformers' {@code CLIPImageProcessor}: resize so the shortest edge is {@code shortestEdge},
 * center-crop to {@code cropSize} × {@code cropSize}, rescale by 1/255 and normalize; with {@code
 * padToSquare}, LLaVA's {@code expand2square} (pad with the mean colour) comes first.
 *
 * @param shortestEdge target of the shorter side
 * @param cropSize side of the square center crop
 * @param resampling resize filter (CLIP uses bicubic)
 * @param normalization rescale, mean and std
 * @param padToSquare whether to pad to a square first, as LLaVA-1.5 does ({@code
 *     image_aspect_ratio="pad"})
 */
public record ClipImageProcessor(
    int shortestEdge,
    int cropSize,
    Resampling resampling,
    PixelNormalization normalization,
    boolean padToSquare) {

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException naming the field when a size is not positive, the crop is
   *     larger than the shortest edge, or an argument is null
   */
  public ClipImageProcessor {
    if (shortestEdge <= 0 || cropSize <= 0 || cropSize > shortestEdge) {
      throw new IllegalArgumentException(
          "shortestEdge and cropSize must be positive with cropSize <= shortestEdge, got "
              + shortestEdge
              + " and "
              + cropSize);
    }
    if (resampling == null || normalization == null) {
      throw new IllegalArgumentException(
          (resampling == null ? "resampling" : "normalization") + " must not be null");
    }
  }

  /** OpenAI CLIP's processor for a tower: shortest edge and crop = image_size, bicubic. */
  public static ClipImageProcessor forTower(ClipVisionConfig config) {
    return new ClipImageProcessor(
        config.imageSize(), config.imageSize(), Resampling.BICUBIC, PixelNormalization.CLIP, false);
  }

  /** This processor with LLaVA's pad-to-square step on or off. */
  public ClipImageProcessor withPadToSquare(boolean pad) {
    return new ClipImageProcessor(shortestEdge, cropSize, resampling, normalization, pad);
  }

  /** One image after the geometric steps (pad, resize, crop), before normalization. */
  public RgbImage resizeAndCrop(RgbImage image) {
    RgbImage x = padToSquare ? ImageGeometry.padToSquare(image, normalization.meanAsRgb()) : image;
    x = ImageGeometry.resizeShortestEdge(x, shortestEdge, resampling);
    return ImageGeometry.centerCrop(x, cropSize, cropSize);
  }

  /**
   * The images as {@code pixel_values}, (N, 3, cropSize, cropSize) float32.
   *
   * @throws IllegalArgumentException when the list is empty or holds null
   */
  public INDArray pixelValues(List<RgbImage> images) {
    if (images == null || images.isEmpty()) {
      throw new IllegalArgumentException("need at least one image");
    }
    List<RgbImage> cropped = new ArrayList<>(images.size());
    for (RgbImage image : images) {
      if (image == null) {
        throw new IllegalArgumentException("image " + cropped.size() + " is null");
      }
      cropped.add(resizeAndCrop(image));
    }
    return PixelTensors.toNchw(cropped, normalization);
  }
}
