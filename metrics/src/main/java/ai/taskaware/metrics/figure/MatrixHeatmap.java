package ai.taskaware.metrics.figure;

import ai.taskaware.core.image.RgbImage;
import ai.taskaware.metrics.MetricInputException;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.geom.AffineTransform;
import java.util.List;
import java.util.Locale;

/**
 * How to draw a matrix (typically a layer-by-layer CKA matrix) as a heatmap: row 0 at the top,
 * column 0 at the left, each cell coloured with {@link Colormap#VIRIDIS} where {@code low} and
 * {@code high} are the colormap's ends, a colour bar with five ticks on the right, tick labels
 * naming the rows and columns (column labels turn vertical when wider than a cell) and optional
 * axis titles.
 *
 * @param title text above the matrix, or empty
 * @param rowAxisTitle text along the row labels (e.g. the model whose layers are rows), or empty
 * @param columnAxisTitle text under the column labels, or empty
 * @param rowLabels one label per row, e.g. tap names
 * @param columnLabels one label per column
 * @param low value drawn with the colormap's first colour
 * @param high value drawn with its last colour, greater than {@code low}
 * @param cellSize side of a cell in pixels, at least 4; below the 17-pixel line height of the
 *     labels, neighbouring row labels overlap
 * @param showValues whether to print each value (two decimals) in its cell; values are left out of
 *     cells too narrow for them
 */
public record MatrixHeatmap(
    String title,
    String rowAxisTitle,
    String columnAxisTitle,
    List<String> rowLabels,
    List<String> columnLabels,
    double low,
    double high,
    int cellSize,
    boolean showValues) {
  /** Widest label, in pixels; longer labels are shortened with an ellipsis. */
  static final int MAX_LABEL_WIDTH = 240;

  static final int BAR_GAP = 16;
  static final int BAR_WIDTH = 16;
  static final int TICK_LENGTH = 4;
  static final int TICKS = 5;

  /**
   * Checks the configuration.
   *
   * @throws MetricInputException if a text or label is null, the range is empty or not finite, or
   *     the cell size is below 4
   */
  public MatrixHeatmap {
    requireText("title", title);
    requireText("row axis title", rowAxisTitle);
    requireText("column axis title", columnAxisTitle);
    rowLabels = checkedLabels("row", rowLabels);
    columnLabels = checkedLabels("column", columnLabels);
    if (!(Double.isFinite(low) && Double.isFinite(high) && low < high)) {
      throw new MetricInputException(
          "heatmap: expected a finite range low < high, got [" + low + ", " + high + "]");
    }
    if (cellSize < 4) {
      throw new MetricInputException("heatmap: cell size must be at least 4, got " + cellSize);
    }
  }

  /**
   * A CKA heatmap: range [0, 1], 40-pixel cells with their values printed, no axis titles.
   *
   * @param rowLabels names of the layers compared in the rows
   * @param columnLabels names of the layers compared in the columns
   */
  public static MatrixHeatmap forCka(
      String title, List<String> rowLabels, List<String> columnLabels) {
    return new MatrixHeatmap(title, "", "", rowLabels, columnLabels, 0, 1, 40, true);
  }

  /** This heatmap with the given axis titles. */
  public MatrixHeatmap withAxisTitles(String rows, String columns) {
    return new MatrixHeatmap(
        title, rows, columns, rowLabels, columnLabels, low, high, cellSize, showValues);
  }

  /**
   * Draws {@code matrix}.
   *
   * @param matrix rows × columns values matching the label counts
   * @throws MetricInputException if the shape does not match the labels or a value is not finite
   */
  public RgbImage render(double[][] matrix) {
    requireMatrix(matrix);
    Layout layout = layout();
    Canvas canvas = new Canvas(layout.width(), layout.height());
    FontMetrics metrics = canvas.g.getFontMetrics();
    int rows = rowLabels.size();
    int columns = columnLabels.size();
    int textCenterOffset = (metrics.getAscent() - metrics.getDescent()) / 2;

    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        int x = layout.cellX(c);
        int y = layout.cellY(r);
        int colour = Colormap.VIRIDIS.rgb(fraction(matrix[r][c]));
        canvas.g.setColor(new Color(colour));
        canvas.g.fillRect(x, y, cellSize, cellSize);
        if (showValues) {
          canvas.g.setColor(luminance(colour) > 0.5 ? Color.BLACK : Color.WHITE);
          String text = String.format(Locale.ROOT, "%.2f", matrix[r][c]);
          if (metrics.stringWidth(text) <= cellSize - 2) {
            canvas.centered(text, x + cellSize / 2, y + cellSize / 2 + textCenterOffset);
          }
        }
      }
    }
    canvas.g.setColor(Canvas.TEXT);

    if (!title.isEmpty()) {
      String text = Canvas.fit(metrics, title, layout.width() - 2 * Canvas.PAD);
      int center = Math.max(layout.left() + columns * cellSize / 2, 0);
      int width = metrics.stringWidth(text);
      int x =
          Math.max(Canvas.PAD, Math.min(center - width / 2, layout.width() - Canvas.PAD - width));
      canvas.g.drawString(text, x, Canvas.PAD + metrics.getAscent());
    }
    for (int r = 0; r < rows; r++) {
      String label = Canvas.fit(metrics, rowLabels.get(r), MAX_LABEL_WIDTH);
      canvas.g.drawString(
          label,
          layout.left() - Canvas.PAD / 2 - metrics.stringWidth(label),
          layout.cellY(r) + cellSize / 2 + textCenterOffset);
    }
    int labelTop = layout.matrixBottom() + Canvas.PAD / 2;
    for (int c = 0; c < columns; c++) {
      String label = Canvas.fit(metrics, columnLabels.get(c), MAX_LABEL_WIDTH);
      int center = layout.cellX(c) + cellSize / 2;
      if (layout.verticalColumnLabels()) {
        drawVertical(canvas, label, center + textCenterOffset, labelTop, true);
      } else {
        canvas.centered(label, center, labelTop + metrics.getAscent());
      }
    }
    if (!rowAxisTitle.isEmpty()) {
      String text = Canvas.fit(metrics, rowAxisTitle, rows * cellSize);
      int middle = layout.cellY(0) + rows * cellSize / 2 + metrics.stringWidth(text) / 2;
      drawVertical(canvas, text, Canvas.PAD + metrics.getAscent(), middle, false);
    }
    if (!columnAxisTitle.isEmpty()) {
      String text = Canvas.fit(metrics, columnAxisTitle, layout.width() - 2 * Canvas.PAD);
      canvas.centered(
          text,
          layout.left() + columns * cellSize / 2,
          layout.columnAxisTitleTop() + metrics.getAscent());
    }
    drawColourBar(canvas, layout, metrics, textCenterOffset);
    return RgbImage.of(canvas.done());
  }

  private void drawColourBar(Canvas canvas, Layout layout, FontMetrics metrics, int textOffset) {
    int barHeight = layout.barHeight();
    for (int py = 0; py < barHeight; py++) {
      canvas.g.setColor(new Color(Colormap.VIRIDIS.rgb(barFraction(py, barHeight))));
      canvas.g.fillRect(layout.barX(), layout.cellY(0) + py, BAR_WIDTH, 1);
    }
    canvas.g.setColor(Canvas.TEXT);
    canvas.g.drawRect(layout.barX() - 1, layout.cellY(0) - 1, BAR_WIDTH + 1, barHeight + 1);
    for (int t = 0; t < TICKS; t++) {
      double f = (double) t / (TICKS - 1);
      int y = layout.cellY(0) + (int) Math.round((1 - f) * (barHeight - 1));
      int x = layout.barX() + BAR_WIDTH + 1;
      canvas.g.drawLine(x, y, x + TICK_LENGTH - 1, y);
      canvas.g.drawString(tickLabel(f), x + TICK_LENGTH + 2, y + textOffset);
    }
  }

  /** The value fraction drawn in bar pixel row {@code py} (0 = top = high). */
  static double barFraction(int py, int barHeight) {
    return 1 - (py + 0.5) / barHeight;
  }

  private String tickLabel(double fraction) {
    return String.format(Locale.ROOT, "%.2f", low + fraction * (high - low));
  }

  private double fraction(double value) {
    return (value - low) / (high - low);
  }

  private static double luminance(int rgb) {
    return (0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF))
        / 255;
  }

  /**
   * Draws {@code text} turned 90° counter-clockwise (read bottom to top) on the vertical line x =
   * {@code baselineX}; {@code fromTop} places its end at {@code y}, otherwise its start.
   */
  private static void drawVertical(
      Canvas canvas, String text, int baselineX, int y, boolean fromTop) {
    AffineTransform saved = canvas.g.getTransform();
    canvas.g.translate(baselineX, y);
    canvas.g.rotate(-Math.PI / 2);
    int width = canvas.g.getFontMetrics().stringWidth(text);
    canvas.g.drawString(text, fromTop ? -width : 0, 0);
    canvas.g.setTransform(saved);
  }

  /** Where things go; package-private so that tests can find the cells and the colour bar. */
  record Layout(
      int left,
      int top,
      int cellSize,
      int rows,
      int columns,
      int width,
      int height,
      boolean verticalColumnLabels,
      int columnAxisTitleTop) {
    int cellX(int column) {
      return left + column * cellSize;
    }

    int cellY(int row) {
      return top + row * cellSize;
    }

    int matrixBottom() {
      return cellY(rows);
    }

    int barX() {
      return cellX(columns) + BAR_GAP;
    }

    int barHeight() {
      return rows * cellSize;
    }
  }

  Layout layout() {
    FontMetrics metrics = Canvas.metrics();
    int rows = rowLabels.size();
    int columns = columnLabels.size();
    int rowLabelWidth = 0;
    for (String label : rowLabels) {
      rowLabelWidth =
          Math.max(rowLabelWidth, metrics.stringWidth(Canvas.fit(metrics, label, MAX_LABEL_WIDTH)));
    }
    int columnLabelWidth = 0;
    for (String label : columnLabels) {
      columnLabelWidth =
          Math.max(
              columnLabelWidth, metrics.stringWidth(Canvas.fit(metrics, label, MAX_LABEL_WIDTH)));
    }
    boolean vertical = columnLabelWidth > cellSize - 4;
    int left =
        Canvas.PAD
            + (rowAxisTitle.isEmpty() ? 0 : metrics.getHeight() + Canvas.PAD)
            + rowLabelWidth
            + Canvas.PAD / 2;
    int halfText = metrics.getHeight() / 2 + 1;
    int top = Canvas.PAD + (title.isEmpty() ? halfText : metrics.getHeight() + Canvas.PAD);
    int matrixBottom = top + rows * cellSize;
    int columnLabelExtent = vertical ? columnLabelWidth : metrics.getHeight();
    int columnAxisTitleTop = matrixBottom + Canvas.PAD / 2 + columnLabelExtent + Canvas.PAD;
    int bottom =
        Math.max(
                columnAxisTitleTop + (columnAxisTitle.isEmpty() ? 0 : metrics.getHeight()),
                matrixBottom + halfText)
            + Canvas.PAD;
    int tickLabelWidth =
        Math.max(metrics.stringWidth(tickLabel(0)), metrics.stringWidth(tickLabel(1)));
    int width =
        left
            + columns * cellSize
            + BAR_GAP
            + BAR_WIDTH
            + 1
            + TICK_LENGTH
            + 2
            + tickLabelWidth
            + Canvas.PAD;
    width = Math.max(width, metrics.stringWidth(title) + 2 * Canvas.PAD);
    width = Math.max(width, metrics.stringWidth(columnAxisTitle) + 2 * Canvas.PAD);
    return new Layout(
        left, top, cellSize, rows, columns, width, bottom, vertical, columnAxisTitleTop);
  }

  private void requireMatrix(double[][] matrix) {
    if (matrix == null || matrix.length != rowLabels.size()) {
      throw new MetricInputException(
          "heatmap: matrix has "
              + (matrix == null ? "no" : matrix.length)
              + " rows but "
              + rowLabels.size()
              + " row labels were given");
    }
    for (int r = 0; r < matrix.length; r++) {
      if (matrix[r] == null || matrix[r].length != columnLabels.size()) {
        throw new MetricInputException(
            "heatmap: matrix row "
                + r
                + " has "
                + (matrix[r] == null ? "no" : matrix[r].length)
                + " values but "
                + columnLabels.size()
                + " column labels were given");
      }
      for (int c = 0; c < matrix[r].length; c++) {
        if (!Double.isFinite(matrix[r][c])) {
          throw new MetricInputException(
              "heatmap: value ["
                  + r
                  + ", "
                  + c
                  + "] is "
                  + matrix[r][c]
                  + ", expected a finite number");
        }
      }
    }
  }

  private static void requireText(String name, String text) {
    if (text == null) {
      throw new MetricInputException(
          "heatmap: " + name + " is null, pass an empty string for none");
    }
  }

  private static List<String> checkedLabels(String kind, List<String> labels) {
    if (labels == null || labels.isEmpty()) {
      throw new MetricInputException("heatmap: expected at least one " + kind + " label");
    }
    for (int i = 0; i < labels.size(); i++) {
      if (labels.get(i) == null) {
        throw new MetricInputException("heatmap: " + kind + " label " + i + " is null");
      }
    }
    return List.copyOf(labels);
  }
}
