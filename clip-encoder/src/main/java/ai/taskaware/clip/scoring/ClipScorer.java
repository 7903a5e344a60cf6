package ai.taskaware.clip.scoring;

import ai.taskaware.clip.ClipCheckpoint;
import ai.taskaware.clip.ClipRuntime;
import ai.taskaware.clip.text.ClipTextEncoder;
import ai.taskaware.clip.text.ClipTextGraph;
import ai.taskaware.clip.text.ClipTokenizer;
import ai.taskaware.clip.vision.ClipVisionEncoder;
import ai.taskaware.clip.vision.ClipVisionGraph;
import ai.taskaware.clip.vision.LlavaFeatureSelection;
import ai.taskaware.core.checkpoint.CheckpointException;
import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.model.ImageTextScorer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * CLIP's image–text score, as {@code CLIPModel}'s {@code logits_per_image}: the cosine similarity
 * of {@code image_embeds} and {@code text_embeds} times {@code exp(logit_scale)}. Images and texts
 * are embedded in batches of at most {@code batchSize}; every score depends only on its own image
 * and text.
 *
 * <p>Thread-safe; owns two ONNX Runtime sessions and a tokenizer: close it.
 */
public final class ClipScorer implements ImageTextScorer {

  private final ClipVisionEncoder vision;
  private final ClipTextEncoder text;
  private final double scale;
  private final int batchSize;

  private ClipScorer(ClipVisionEncoder vision, ClipTextEncoder text, double scale, int batchSize) {
    this.vision = vision;
    this.text = text;
    this.scale = scale;
    this.batchSize = batchSize;
  }

  /**
   * Loads a full {@code CLIPModel} folder whose tokenizer files sit next to the weights (the layout
   * of openai/clip-vit-large-patch14-336).
   */
  public static ClipScorer open(Path folder, ClipRuntime runtime, int batchSize) {
    return open(folder, folder, runtime, batchSize);
  }

  /**
   * Loads a full {@code CLIPModel} folder and a tokenizer.
   *
   * @param batchSize images or texts per tower run, at least 1
   * @throws CheckpointException naming the folder and tensor when a tower, a projection or {@code
   *     logit_scale} is missing, or a projection's shape disagrees with {@code projection_dim}
   * @throws ai.taskaware.clip.ClipException when the tokenizer is missing or does not fit
   * @throws IllegalArgumentException when {@code batchSize < 1}
   */
  public static ClipScorer open(
      Path modelFolder, Path tokenizerFolder, ClipRuntime runtime, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    double logitScale;
    try (ClipCheckpoint checkpoint = ClipCheckpoint.open(modelFolder)) {
      checkpoint.requireVision();
      checkpoint.requireText();
      for (String tensor :
          List.of(ClipCheckpoint.VISUAL_PROJECTION, ClipCheckpoint.TEXT_PROJECTION)) {
        if (!checkpoint.weights().contains(tensor)) {
          throw new CheckpointException(
              modelFolder, tensor, "missing: CLIP scoring needs both projections");
        }
      }
      logitScale =
          checkpoint
              .logitScale()
              .orElseThrow(
                  () ->
                      new CheckpointException(
                          modelFolder,
                          ClipCheckpoint.LOGIT_SCALE,
                          "missing: CLIP scoring needs the learned temperature"));
    }
    ClipVisionEncoder vision =
        ClipVisionEncoder.open(
            modelFolder,
            Set.of(ClipVisionGraph.IMAGE_EMBEDS),
            LlavaFeatureSelection.LLAVA_1_5,
            false,
            runtime);
    try {
      ClipTextEncoder text =
          ClipTextEncoder.open(
              modelFolder,
              tokenizerFolder,
              Set.of(ClipTextGraph.TEXT_EMBEDS),
              // The pooled EOS state sees no padding under the causal mask: no padding mask needed.
              new ClipTextGraph.Options(0, false),
              ClipTokenizer.Options.DEFAULT,
              runtime);
      return new ClipScorer(vision, text, Math.exp(logitScale), batchSize);
    } catch (RuntimeException e) {
      vision.close();
      throw e;
    }
  }

  /** {@code exp(logit_scale)}, the factor applied to cosine similarities. */
  public double logitScaleExp() {
    return scale;
  }

  /**
   * L2-normalized image embeddings, (images, projection_dim) float64.
   *
   * @throws ai.taskaware.clip.ClipException when a preprocessed image does not fit the tower
   */
  public INDArray imageEmbeddings(List<RgbImage> images) {
    return inBatches(
        images.size(),
        (from, to) -> vision.run(images.subList(from, to)).get(ClipVisionGraph.IMAGE_EMBEDS));
  }

  /** L2-normalized text embeddings, (texts, projection_dim) float64. */
  public INDArray textEmbeddings(List<String> texts) {
    return inBatches(
        texts.size(),
        (from, to) -> text.run(texts.subList(from, to)).get(ClipTextGraph.TEXT_EMBEDS));
  }

  private interface Chunk {
    INDArray run(int from, int to);
  }

  private INDArray inBatches(int count, Chunk chunk) {
    if (count == 0) {
      throw new IllegalArgumentException("need at least one item to embed");
    }
    INDArray[] parts = new INDArray[(count + batchSize - 1) / batchSize];
    for (int i = 0; i < parts.length; i++) {
      parts[i] =
          chunk.run(i * batchSize, Math.min(count, (i + 1) * batchSize)).castTo(DataType.DOUBLE);
    }
    INDArray all = parts.length == 1 ? parts[0] : Nd4j.vstack(parts);
    return all.diviColumnVector(all.norm2(1).reshape(-1, 1));
  }

  /**
   * {@code exp(logit_scale) · cos(image_embeds, text_embeds)} for every pair.
   *
   * @return float64 (images, texts)
   */
  @Override
  public INDArray score(List<RgbImage> images, List<String> texts) {
    return imageEmbeddings(images).mmul(textEmbeddings(texts).transpose()).muli(scale);
  }

  @Override
  public String name() {
    return "clip";
  }

  @Override
  public void close() {
    try {
      vision.close();
    } finally {
      text.close();
    }
  }
}
