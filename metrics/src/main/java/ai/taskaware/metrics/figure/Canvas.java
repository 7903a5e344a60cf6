package ai.taskaware.metrics.figure;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** A white off-screen image with the figures' font and rendering hints. */
final class Canvas {
  static {
    // Figures never need a display; choosing headless before AWT starts keeps them working on
    // servers. A caller that has already decided keeps its choice.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** The logical font every JDK maps to an installed sans-serif face. */
  static final String FONT_FAMILY = Font.SANS_SERIF;

  static final int FONT_SIZE = 14;
  static final int PAD = 8;
  static final Color TEXT = new Color(0x20, 0x20, 0x20);

  final BufferedImage image;
  final Graphics2D g;

  Canvas(int width, int height) {
    image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.setFont(font());
    g.setColor(TEXT);
  }

  static Font font() {
    return new Font(FONT_FAMILY, Font.PLAIN, FONT_SIZE);
  }

  /** Metrics of the figures' font, for laying out before a canvas exists. */
  static FontMetrics metrics() {
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = probe.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.setFont(font());
    FontMetrics metrics = g.getFontMetrics();
    g.dispose();
    return metrics;
  }

  /** {@code text} shortened with an ellipsis to fit {@code maxWidth} pixels. */
  static String fit(FontMetrics metrics, String text, int maxWidth) {
    if (metrics.stringWidth(text) <= maxWidth) {
      return text;
    }
    String ellipsis = "…";
    int end = text.length();
    while (end > 0 && metrics.stringWidth(text.substring(0, end) + ellipsis) > maxWidth) {
      end--;
    }
    return text.substring(0, end) + ellipsis;
  }

  /** Draws {@code text} centred horizontally on {@code centerX} with its baseline at {@code y}. */
  void centered(String text, int centerX, int baseline) {
    int width = g.getFontMetrics().stringWidth(text);
    g.drawString(text, centerX - width / 2, baseline);
  }

  /** Finishes drawing and returns the image. */
  BufferedImage done() {
    g.dispose();
    return image;
  }
}
