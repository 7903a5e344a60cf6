package ai.taskaware.llm.prompt;

/** A prompt whose number of {@code <image>} placeholders differs from the number of images. */
public final class ImageCountMismatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ImageCountMismatchException(int placeholders, int images) {
    super(
        "the prompt has "
            + placeholders
            + " "
            + ImagePrompt.IMAGE_PLACEHOLDER
            + " placeholder(s) but "
            + images
            + " image(s) were given; expected one placeholder per image");
  }
}
