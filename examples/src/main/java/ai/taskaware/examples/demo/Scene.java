package ai.taskaware.examples.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A procedurally drawn scene: figures on a plain background, rendered with Java2D (antialiased, so
 * the same scene always gives the same pixels on one JDK).
 *
 * @param background the background colour
 * @param figures what is drawn, in order
 */
record Scene(Color background, List<Figure> figures) {

  /** Shapes a figure can have. */
  enum Kind {
    CIRCLE,
    SQUARE,
    TRIANGLE,
    ARROW
  }

  /**
   * One drawn shape.
   *
   * @param kind the shape
   * @param color its colour
   * @param x centre, as a fraction of the image width
   * @param y centre, as a fraction of the image height
   * @param size side or diameter, as a fraction of the image side
   * @param degrees rotation clockwise (an arrow at 0 points right)
   * @param filled filled, or drawn as an outline
   * @param dot whether a white dot marks its centre
   * @param label text written on it, or empty
   */
  record Figure(
      Kind kind,
      Color color,
      double x,
      double y,
      double size,
      double degrees,
      boolean filled,
      boolean dot,
      String label) {

    /** A filled, unrotated, unmarked figure. */
    static Figure of(Kind kind, Color color, double x, double y, double size) {
      return new Figure(kind, color, x, y, size, 0, true, false, "");
    }

    Figure rotated(double d) {
      return new Figure(kind, color, x, y, size, d, filled, dot, label);
    }

    Figure hollow() {
      return new Figure(kind, color, x, y, size, degrees, false, dot, label);
    }

    Figure withDot() {
      return new Figure(kind, color, x, y, size, degrees, filled, true, label);
    }

    Figure labelled(String text) {
      return new Figure(kind, color, x, y, size, degrees, filled, dot, text);
    }
  }

  static final Color BACKGROUND = new Color(236, 233, 226);

  /** A scene on the default background. */
  static Scene of(Figure... figures) {
    return new Scene(BACKGROUND, List.of(figures));
  }

  /** Draws the scene as a {@code side}×{@code side} RGB image. */
  BufferedImage render(int side) {
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(background);
      g.fillRect(0, 0, side, side);
      for (Figure f : figures) {
        draw(g, f, side);
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void draw(Graphics2D g, Figure f, int side) {
    double s = f.size() * side;
    double cx = f.x() * side;
    double cy = f.y() * side;
    Shape unit =
        switch (f.kind()) {
          case CIRCLE -> new Ellipse2D.Double(-0.5, -0.5, 1, 1);
          case SQUARE -> new Rectangle2D.Double(-0.5, -0.5, 1, 1);
          case TRIANGLE -> triangle();
          case ARROW -> arrow();
        };
    AffineTransform t = new AffineTransform();
    t.translate(cx, cy);
    t.rotate(Math.toRadians(f.degrees()));
    t.scale(s, s);
    Shape shape = t.createTransformedShape(unit);
    g.setColor(f.color());
    if (f.filled()) {
      g.fill(shape);
    } else {
      g.setStroke(new BasicStroke((float) Math.max(2, s / 12)));
      g.draw(shape);
    }
    if (f.dot()) {
      g.setColor(Color.WHITE);
      double d = s / 4;
      g.fill(new Ellipse2D.Double(cx - d / 2, cy - d / 2, d, d));
    }
    if (!f.label().isEmpty()) {
      g.setColor(Color.WHITE);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, (int) Math.max(8, s * 0.6)));
      FontMetrics m = g.getFontMetrics();
      g.drawString(
          f.label(),
          (float) (cx - m.stringWidth(f.label()) / 2.0),
          (float) (cy + (m.getAscent() - m.getDescent()) / 2.0));
    }
  }

  private static Shape triangle() {
    Path2D.Double path = new Path2D.Double();
    path.moveTo(0, -0.5);
    path.lineTo(0.5, 0.5);
    path.lineTo(-0.5, 0.5);
    path.closePath();
    return path;
  }

  private static Shape arrow() {
    Path2D.Double path = new Path2D.Double();
    path.moveTo(-0.5, -0.15);
    path.lineTo(0.1, -0.15);
    path.lineTo(0.1, -0.4);
    path.lineTo(0.5, 0);
    path.lineTo(0.1, 0.4);
    path.lineTo(0.1, 0.15);
    path.lineTo(-0.5, 0.15);
    path.closePath();
    return path;
  }
}
