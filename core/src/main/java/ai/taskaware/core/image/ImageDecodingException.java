package ai.taskaware.core.image;

/**
 * An image file that cannot be decoded. The message names the file (or the caller's name for the
 * stream) and the format found in its first bytes.
 */
public final class ImageDecodingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String format;

  /**
   * @param source the file or stream name
   * @param format the format detected from the file's signature, or "unknown"
   * @param message what went wrong
   * @param cause the underlying failure, or null
   */
  public ImageDecodingException(String source, String format, String message, Throwable cause) {
    super(source + " (format " + format + "): " + message, cause);
    this.source = source;
    this.format = format;
  }

  /** The file or stream name. */
  public String source() {
    return source;
  }

  /** The format detected from the file's signature, or "unknown". */
  public String format() {
    return format;
  }
}
