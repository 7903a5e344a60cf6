package ai.taskaware.diffusion.itm;

import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.model.ProgressListener;
import ai.taskaware.diffusion.DiffusionFeatureExtractor;
import ai.taskaware.diffusion.DiffusionFeatures;
import ai.taskaware.diffusion.FeatureRequest;
import ai.taskaware.diffusion.StableDiffusionPipeline;
import ai.taskaware.diffusion.TokenGrid;
import ai.taskaware.diffusion.tap.TapName;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Per-word cross-attention maps of an image under a prompt, for figures: the maps {@code
 * softmax(q·kᵀ/√d)} of the chosen layers at one timestep (one seeded noise), averaged over heads,
 * each layer resized to R×R ({@link TokenGrid}: area average when shrinking, nearest when growing),
 * averaged over layers; a word's map is the mean of the maps of its BPE tokens ({@link
 * WordTokens#align}).
 *
 * @param words the prompt's words and their token positions, in prompt order
 * @param maps float32 (words, R, R), row-major over (y, x)
 */
public record WordAttentionMaps(List<WordTokens> words, INDArray maps) {

  /** Copies the word list. */
  public WordAttentionMaps {
    words = List.copyOf(words);
  }

  /** The R×R map of word {@code i}. */
  public INDArray map(int i) {
    return maps.get(NDArrayIndex.point(i)).dup('c');
  }

  /**
   * Computes the word maps of {@code text} on {@code image}.
   *
   * @param layers cross-attention layers as in {@link CrossAttentionScoring#layers()} (empty: all)
   * @param timestep the timestep the latent is noised to
   * @param resolution side R of the maps
   * @param noiseSeed seed of ε
   * @throws ScoringInputException for a null image, a blank text or a resolution below 1
   * @throws ai.taskaware.diffusion.tap.UnknownTapException listing the U-Net's taps when a layer is
   *     unknown
   * @throws ai.taskaware.diffusion.schedule.TimestepOutOfRangeException for a bad timestep
   */
  public static WordAttentionMaps of(
      StableDiffusionPipeline pipeline,
      RgbImage image,
      String text,
      List<String> layers,
      int timestep,
      int resolution,
      long noiseSeed) {
    if (image == null) {
      throw new ScoringInputException("image", "is null");
    }
    if (resolution < 1) {
      throw new ScoringInputException("resolution", "must be >= 1, got " + resolution);
    }
    if (layers == null) {
      throw new ScoringInputException("layers", "must not be null (empty means all)");
    }
    List<WordTokens> words = WordTokens.align(pipeline.tokenizer(), text);
    DiffusionFeatureExtractor extractor = pipeline.extractor();
    List<TapName> maps = CrossAttentionLayers.resolve(extractor.layout(), layers);
    extractor.schedule().checkTimestep(timestep);
    List<String> taps = new ArrayList<>();
    for (TapName m : maps) {
      taps.add(m.toString());
    }
    FeatureRequest request =
        new FeatureRequest(
            taps, List.of(timestep), 1.0, noiseSeed, null, 0, false, 1, ProgressListener.NONE);
    INDArray latent = extractor.encodeImages(List.of(image), request).get(0);
    DiffusionFeatures features =
        extractor.extractFromLatents(List.of(latent), List.of(List.of(text)), request);
    int latentH = (int) latent.size(2);
    int latentW = (int) latent.size(3);
    INDArray perToken = null;
    for (String tap : taps) {
      INDArray value = features.get(tap, timestep).castTo(DataType.FLOAT);
      INDArray headMean = value.mean(true, 1).reshape(1, value.size(2), value.size(3));
      int[] hw = TokenGrid.levelSize(value.size(2), latentH, latentW);
      INDArray resized = TokenGrid.tokens(headMean, hw[0], hw[1], resolution);
      perToken = perToken == null ? resized.dup('c') : perToken.addi(resized);
    }
    perToken.divi((float) taps.size());
    INDArray out = Nd4j.zeros(DataType.FLOAT, words.size(), resolution, resolution);
    for (int w = 0; w < words.size(); w++) {
      INDArray sum = Nd4j.zeros(DataType.FLOAT, (long) resolution * resolution);
      for (int position : words.get(w).positions()) {
        sum.addi(
            perToken.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(position)));
      }
      sum.divi((float) words.get(w).positions().size());
      out.get(NDArrayIndex.point(w)).assign(sum.reshape('c', resolution, resolution));
    }
    return new WordAttentionMaps(words, out);
  }
}
