package ai.taskaware.core.image;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Image container formats recognised by their leading signature bytes. */
enum ImageFormat {
  PNG("PNG", "png", true),
  JPEG("JPEG", "jpeg", true),
  GIF("GIF", "gif", true),
  BMP("BMP", "bmp", true),
  WEBP("WebP", "webp", true),
  TIFF("TIFF", "tiff", false),
  UNKNOWN("unknown", "", false);

  private final String displayName;
  private final String readerName;
  private final boolean supported;

  ImageFormat(String displayName, String readerName, boolean supported) {
    this.displayName = displayName;
    this.readerName = readerName;
    this.supported = supported;
  }

  String displayName() {
    return displayName;
  }

  String readerName() {
    return readerName;
  }

  boolean supported() {
    return supported;
  }

  static ImageFormat detect(byte[] b) {
    if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return PNG;
    }
    if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
      return JPEG;
    }
    if (startsWith(b, 0, 'G', 'I', 'F', '8')) {
      return GIF;
    }
    if (startsWith(b, 0, 'B', 'M')) {
      return BMP;
    }
    if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
      return WEBP;
    }
    if (startsWith(b, 0, 'I', 'I', '*', 0) || startsWith(b, 0, 'M', 'M', 0, '*')) {
      return TIFF;
    }
    return UNKNOWN;
  }

  private static boolean startsWith(byte[] bytes, int offset, int... signature) {
    if (bytes.length < offset + signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if ((bytes[offset + i] & 0xFF) != signature[i]) {
        return false;
      }
    }
    return true;
  }

  static String hexPrefix(byte[] bytes) {
    byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, 8));
    StringBuilder sb = new StringBuilder();
    for (byte value : head) {
      sb.append(String.format("%02x ", value & 0xFF));
    }
    String printable = new String(head, StandardCharsets.ISO_8859_1).replaceAll("[^ -~]", ".");
    return sb.append("\"").append(printable).append("\"").toString();
  }
}
