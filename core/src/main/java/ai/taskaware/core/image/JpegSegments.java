package ai.taskaware.core.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * JPEG marker-segment surgery. Java's JPEG readers colour-convert pixels through an embedded ICC
 * profile while Pillow returns the stored samples untouched; removing the profile segments before
 * decoding gives Java's readers Pillow's view of the data.
 */
final class JpegSegments {
  private static final int APP2 = 0xE2;
  private static final int SOS = 0xDA;
  private static final byte[] ICC_SIGNATURE = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);

  private JpegSegments() {}

  /**
   * The same JPEG without its APP2 "ICC_PROFILE" segments, or the input itself when it has none or
   * its header cannot be walked (the decoder then reports the real problem).
   */
  static byte[] withoutIccProfile(byte[] jpeg) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length);
    out.write(jpeg, 0, 2);
    int pos = 2;
    boolean removed = false;
    while (pos + 4 <= jpeg.length) {
      if ((jpeg[pos] & 0xFF) != 0xFF) {
        return jpeg;
      }
      int marker = jpeg[pos + 1] & 0xFF;
      if (marker == 0xFF) {
        // Fill byte before a marker.
        out.write(0xFF);
        pos++;
        continue;
      }
      if (marker == SOS) {
        break;
      }
      int length = ((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF);
      if (length < 2 || pos + 2 + length > jpeg.length) {
        return jpeg;
      }
      if (marker == APP2 && hasIccSignature(jpeg, pos + 4, length - 2)) {
        removed = true;
      } else {
        out.write(jpeg, pos, 2 + length);
      }
      pos += 2 + length;
    }
    if (!removed) {
      return jpeg;
    }
    out.write(jpeg, pos, jpeg.length - pos);
    return out.toByteArray();
  }

  private static boolean hasIccSignature(byte[] bytes, int offset, int length) {
    if (length < ICC_SIGNATURE.length) {
      return false;
    }
    for (int i = 0; i < ICC_SIGNATURE.length; i++) {
      if (bytes[offset + i] != ICC_SIGNATURE[i]) {
        return false;
      }
    }
    return true;
  }
}
