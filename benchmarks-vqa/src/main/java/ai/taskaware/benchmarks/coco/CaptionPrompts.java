package ai.taskaware.benchmarks.coco;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The conditioning prompt each image is captioned with.
 *
 * @param mode how prompts are chosen
 * @param text the prompt of {@link Mode#FIXED} (empty otherwise)
 * @param seed the derangement seed of {@link Mode#MISMATCHED_CAPTION} (0 otherwise)
 */
public record CaptionPrompts(Mode mode, String text, long seed) {

  /** How prompts are chosen. */
  public enum Mode {
    /** The empty prompt: plain captioning. */
    NONE,
    /** The same text for every image. */
    FIXED,
    /** The image's own first reference caption (the leakage upper bound). */
    OWN_CAPTION,
    /**
     * The first reference caption of another image: image {@code i} gets the caption of image
     * {@code d(i)} for a seeded derangement {@code d} of the dataset order (no image gets its own).
     */
    MISMATCHED_CAPTION
  }

  /** One image's prompt and where it came from. */
  public record Assignment(String prompt, String sourceImageId) {}

  public CaptionPrompts {
    if (mode == null) {
      throw new IllegalArgumentException("prompt mode must be set");
    }
    text = text == null ? "" : text;
    if (mode == Mode.FIXED && text.isEmpty()) {
      throw new IllegalArgumentException("a fixed prompt needs a text; use none() for no prompt");
    }
  }

  /** No prompt. */
  public static CaptionPrompts none() {
    return new CaptionPrompts(Mode.NONE, "", 0);
  }

  /** {@code text} for every image. */
  public static CaptionPrompts fixed(String text) {
    return new CaptionPrompts(Mode.FIXED, text, 0);
  }

  /** Each image's own first caption. */
  public static CaptionPrompts ownCaption() {
    return new CaptionPrompts(Mode.OWN_CAPTION, "", 0);
  }

  /** Another image's first caption, by a derangement drawn with {@code seed}. */
  public static CaptionPrompts mismatchedCaption(long seed) {
    return new CaptionPrompts(Mode.MISMATCHED_CAPTION, "", seed);
  }

  /**
   * The prompt of each image of {@code images}, in order. The derangement depends only on the seed
   * and the number of images, so a resumed run assigns the same prompts.
   *
   * @throws IllegalArgumentException for a mismatched-caption prompt over fewer than two images
   */
  public List<Assignment> assign(List<CocoImage> images) {
    List<Assignment> out = new ArrayList<>(images.size());
    int[] source = mode == Mode.MISMATCHED_CAPTION ? derangement(images.size(), seed) : null;
    for (int i = 0; i < images.size(); i++) {
      CocoImage image = images.get(i);
      out.add(
          switch (mode) {
            case NONE -> new Assignment("", "");
            case FIXED -> new Assignment(text, "");
            case OWN_CAPTION -> new Assignment(image.references().get(0), image.imageId());
            case MISMATCHED_CAPTION -> {
              CocoImage other = images.get(source[i]);
              yield new Assignment(other.references().get(0), other.imageId());
            }
          });
    }
    return List.copyOf(out);
  }

  /**
   * A permutation of {@code 0..n-1} without fixed points, uniform over all derangements:
   * Fisher–Yates shuffles with {@link Random} (whose sequence the JDK specifies, so a seed gives
   * the same derangement everywhere) until one has no fixed point (about e tries on average).
   */
  static int[] derangement(int n, long seed) {
    if (n < 2) {
      throw new IllegalArgumentException(
          "a mismatched-caption prompt needs at least two images, got " + n);
    }
    Random random = new Random(seed);
    int[] p = new int[n];
    while (true) {
      for (int i = 0; i < n; i++) {
        p[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
      }
      boolean fixedPoint = false;
      for (int i = 0; i < n && !fixedPoint; i++) {
        fixedPoint = p[i] == i;
      }
      if (!fixedPoint) {
        return p;
      }
    }
  }
}
