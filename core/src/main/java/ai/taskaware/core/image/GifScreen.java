package ai.taskaware.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The first GIF frame as Pillow 9.4 shows it: Java's reader returns the frame's own rectangle,
 * whereas Pillow returns the logical screen (grown to contain the frame) filled with the frame's
 * transparent index, or index 0 when it has none, with the frame's indices written at its offset.
 */
final class GifScreen {
  private static final String STREAM_FORMAT = "javax_imageio_gif_stream_1.0";
  private static final String IMAGE_FORMAT = "javax_imageio_gif_image_1.0";

  private GifScreen() {}

  static RgbImage firstFrame(BufferedImage frame, IIOMetadata stream, IIOMetadata image) {
    RgbImage pixels = RgbImage.of(frame);
    Node descriptor = child(image, IMAGE_FORMAT, "ImageDescriptor");
    Node screen = child(stream, STREAM_FORMAT, "LogicalScreenDescriptor");
    if (descriptor == null || screen == null) {
      return pixels;
    }
    int left = intAttribute(descriptor, "imageLeftPosition", 0);
    int top = intAttribute(descriptor, "imageTopPosition", 0);
    int width = Math.max(intAttribute(screen, "logicalScreenWidth", 0), left + pixels.width());
    int height = Math.max(intAttribute(screen, "logicalScreenHeight", 0), top + pixels.height());
    if (left == 0 && top == 0 && width == pixels.width() && height == pixels.height()) {
      return pixels;
    }
    int[] fill = fillColour(frame, child(image, IMAGE_FORMAT, "GraphicControlExtension"));
    byte[] out = new byte[width * height * RgbImage.CHANNELS];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) fill[i % RgbImage.CHANNELS];
    }
    int rowBytes = pixels.width() * RgbImage.CHANNELS;
    for (int y = 0; y < pixels.height(); y++) {
      System.arraycopy(
          pixels.pixels(),
          y * rowBytes,
          out,
          ((top + y) * width + left) * RgbImage.CHANNELS,
          rowBytes);
    }
    return new RgbImage(out, width, height);
  }

  private static int[] fillColour(BufferedImage frame, Node control) {
    int index = 0;
    if (control != null
        && "TRUE".equalsIgnoreCase(stringAttribute(control, "transparentColorFlag"))) {
      index = intAttribute(control, "transparentColorIndex", 0);
    }
    if (frame.getColorModel() instanceof IndexColorModel palette && index < palette.getMapSize()) {
      return new int[] {palette.getRed(index), palette.getGreen(index), palette.getBlue(index)};
    }
    return new int[] {0, 0, 0};
  }

  private static Node child(IIOMetadata metadata, String format, String name) {
    if (metadata == null) {
      return null;
    }
    Node root;
    try {
      root = metadata.getAsTree(format);
    } catch (IllegalArgumentException unsupportedFormat) {
      return null;
    }
    for (Node node = root.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (name.equals(node.getNodeName())) {
        return node;
      }
    }
    return null;
  }

  private static String stringAttribute(Node node, String name) {
    NamedNodeMap attributes = node.getAttributes();
    Node attribute = attributes == null ? null : attributes.getNamedItem(name);
    return attribute == null ? null : attribute.getNodeValue();
  }

  private static int intAttribute(Node node, String name, int fallback) {
    String value = stringAttribute(node, name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
