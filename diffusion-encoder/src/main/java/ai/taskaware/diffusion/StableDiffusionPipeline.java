package ai.taskaware.diffusion;

import ai.taskaware.clip.ClipRuntime;
import ai.taskaware.clip.text.ClipTextEncoder;
import ai.taskaware.clip.text.ClipTokenizer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A diffusers Stable Diffusion folder opened whole: {@code unet/}, {@code vae/} and {@code
 * scheduler/} as a {@link DiffusionFeatureExtractor} whose prompts go through the folder's own
 * {@code text_encoder/} and {@code tokenizer/} ({@link ClipTextEncoder#forStableDiffusion}: all 77
 * positions of {@code last_hidden_state}, padded as the tokenizer says, long prompts truncated with
 * a warning).
 *
 * <p>Thread-safe; owns the extractor and the text encoder: close it.
 */
public final class StableDiffusionPipeline implements AutoCloseable {

  private final Path folder;
  private final ClipTextEncoder textEncoder;
  private final DiffusionFeatureExtractor extractor;

  private StableDiffusionPipeline(
      Path folder, ClipTextEncoder textEncoder, DiffusionFeatureExtractor extractor) {
    this.folder = folder;
    this.textEncoder = textEncoder;
    this.extractor = extractor;
  }

  /**
   * Opens every component of {@code folder}; the text encoder runs with the same runtime options
   * and graph cache as the U-Net and VAE.
   *
   * @throws ai.taskaware.core.checkpoint.CheckpointException when a component is missing or
   *     malformed
   * @throws ai.taskaware.clip.ClipException when the tokenizer is missing or does not fit the text
   *     tower
   * @throws IllegalArgumentException when the text encoder's width is not the U-Net's {@code
   *     cross_attention_dim}
   */
  public static StableDiffusionPipeline open(Path folder, ExtractorOptions options) {
    ClipRuntime clip = new ClipRuntime(options.runtime(), Optional.ofNullable(options.cache()));
    ClipTextEncoder text =
        ClipTextEncoder.forStableDiffusion(
            folder.resolve("text_encoder"), folder.resolve("tokenizer"), clip);
    try {
      return new StableDiffusionPipeline(
          folder, text, DiffusionFeatureExtractor.open(folder, text, options));
    } catch (RuntimeException e) {
      text.close();
      throw e;
    }
  }

  /** The folder the pipeline was opened from. */
  public Path folder() {
    return folder;
  }

  /** Features of images under prompts, encoded by {@link #textEncoder()}. */
  public DiffusionFeatureExtractor extractor() {
    return extractor;
  }

  /** The CLIP text tower that conditions the U-Net. */
  public ClipTextEncoder textEncoder() {
    return textEncoder;
  }

  /** The tokenizer prompts go through (to align words with token positions). */
  public ClipTokenizer tokenizer() {
    return textEncoder.tokenizer();
  }

  /** Closes the extractor and the text encoder. */
  @Override
  public void close() {
    try {
      extractor.close();
    } finally {
      textEncoder.close();
    }
  }
}
