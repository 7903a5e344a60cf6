package ai.taskaware.metrics.figure;

import ai.taskaware.core.image.RgbImage;
import ai.taskaware.metrics.MetricInputException;
import java.awt.FontMetrics;
import java.awt.RenderingHints;
import java.util.List;

/**
 * A grid of images with an optional title over each column and left of each row, e.g. the images of
 * a prompt sweep with their PCA maps. Each image is scaled to fit its cell keeping its aspect ratio
 * (bilinear; an image of exactly the cell size is copied pixel for pixel) and centred in it; to
 * keep blocky images such as PCA maps crisp, pass them already at the cell size (e.g. {@code
 * PcaMaps.image(map, width, height)}). Columns widen to fit their titles up to {@value
 * #MAX_COLUMN_TITLE_WIDTH} pixels; longer titles are shortened with an ellipsis.
 */
public final class ImageGrid {
  /** Widest row-title column, in pixels. */
  static final int MAX_ROW_TITLE_WIDTH = 240;

  /** Widest a column may grow to fit its title, in pixels. */
  static final int MAX_COLUMN_TITLE_WIDTH = 240;

  private ImageGrid() {}

  /**
   * Renders the grid.
   *
   * @param cells rows of images; rows may be shorter than the longest one and a null image leaves
   *     its cell blank
   * @param rowTitles one title per row, or an empty list for none
   * @param columnTitles one title per column (the longest row's length), or an empty list for none
   * @param cellWidth width of every cell in pixels
   * @param cellHeight height of every cell in pixels
   * @throws MetricInputException if there are no rows or columns, a title list has the wrong length
   *     or a cell size is not positive
   */
  public static RgbImage render(
      List<? extends List<RgbImage>> cells,
      List<String> rowTitles,
      List<String> columnTitles,
      int cellWidth,
      int cellHeight) {
    Layout layout = layout(cells, rowTitles, columnTitles, cellWidth, cellHeight);
    Canvas canvas = new Canvas(layout.width(), layout.height());
    canvas.g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    FontMetrics metrics = canvas.g.getFontMetrics();
    for (int c = 0; c < columnTitles.size(); c++) {
      canvas.centered(
          Canvas.fit(metrics, columnTitles.get(c), layout.columnWidth(c)),
          layout.slotX(c) + layout.columnWidth(c) / 2,
          Canvas.PAD + metrics.getAscent());
    }
    for (int r = 0; r < cells.size(); r++) {
      if (!rowTitles.isEmpty()) {
        String title = Canvas.fit(metrics, rowTitles.get(r), layout.rowTitleWidth());
        int baseline =
            layout.cellY(r) + cellHeight / 2 + (metrics.getAscent() - metrics.getDescent()) / 2;
        canvas.g.drawString(
            title, layout.left() - Canvas.PAD - metrics.stringWidth(title), baseline);
      }
      List<RgbImage> row = cells.get(r);
      for (int c = 0; c < row.size(); c++) {
        RgbImage image = row.get(c);
        if (image == null) {
          continue;
        }
        double scale =
            Math.min((double) cellWidth / image.width(), (double) cellHeight / image.height());
        int w = Math.max(1, (int) Math.round(image.width() * scale));
        int h = Math.max(1, (int) Math.round(image.height() * scale));
        int x = layout.cellX(c) + (cellWidth - w) / 2;
        int y = layout.cellY(r) + (cellHeight - h) / 2;
        canvas.g.drawImage(image.toBufferedImage(), x, y, w, h, null);
      }
    }
    return RgbImage.of(canvas.done());
  }

  /** Where the cells go; package-private so that tests can find them. */
  record Layout(
      int columns,
      int rows,
      int cellWidth,
      int cellHeight,
      int[] columnWidths,
      int left,
      int top,
      int rowTitleWidth) {
    /** Left edge of a column; a column is wider than its cells when its title needs room. */
    int slotX(int column) {
      int x = left;
      for (int c = 0; c < column; c++) {
        x += columnWidths[c] + Canvas.PAD;
      }
      return x;
    }

    int columnWidth(int column) {
      return columnWidths[column];
    }

    int cellX(int column) {
      return slotX(column) + (columnWidths[column] - cellWidth) / 2;
    }

    int cellY(int row) {
      return top + row * (cellHeight + Canvas.PAD);
    }

    int width() {
      return slotX(columns);
    }

    int height() {
      return cellY(rows);
    }
  }

  static Layout layout(
      List<? extends List<RgbImage>> cells,
      List<String> rowTitles,
      List<String> columnTitles,
      int cellWidth,
      int cellHeight) {
    if (cells == null || cells.isEmpty()) {
      throw new MetricInputException("image grid: expected at least one row of images");
    }
    if (cellWidth < 1 || cellHeight < 1) {
      throw new MetricInputException(
          "image grid: cell size must be at least 1×1, got " + cellWidth + "×" + cellHeight);
    }
    int columns = 0;
    for (int r = 0; r < cells.size(); r++) {
      if (cells.get(r) == null) {
        throw new MetricInputException("image grid: row " + r + " is null, expected a list");
      }
      columns = Math.max(columns, cells.get(r).size());
    }
    if (columns == 0) {
      throw new MetricInputException("image grid: every row is empty");
    }
    requireTitles("row", rowTitles, cells.size());
    requireTitles("column", columnTitles, columns);
    FontMetrics metrics = Canvas.metrics();
    int rowTitleWidth = 0;
    for (String title : rowTitles) {
      rowTitleWidth = Math.max(rowTitleWidth, metrics.stringWidth(title));
    }
    rowTitleWidth = Math.min(rowTitleWidth, MAX_ROW_TITLE_WIDTH);
    int[] columnWidths = new int[columns];
    for (int c = 0; c < columns; c++) {
      int titleWidth = columnTitles.isEmpty() ? 0 : metrics.stringWidth(columnTitles.get(c));
      columnWidths[c] = Math.max(cellWidth, Math.min(MAX_COLUMN_TITLE_WIDTH, titleWidth));
    }
    int left = Canvas.PAD + (rowTitles.isEmpty() ? 0 : rowTitleWidth + Canvas.PAD);
    int top = Canvas.PAD + (columnTitles.isEmpty() ? 0 : metrics.getHeight() + Canvas.PAD / 2);
    return new Layout(
        columns, cells.size(), cellWidth, cellHeight, columnWidths, left, top, rowTitleWidth);
  }

  private static void requireTitles(String kind, List<String> titles, int expected) {
    if (titles == null) {
      throw new MetricInputException(
          "image grid: " + kind + " titles are null, pass an empty list for none");
    }
    if (!titles.isEmpty() && titles.size() != expected) {
      throw new MetricInputException(
          "image grid: got "
              + titles.size()
              + " "
              + kind
              + " titles for "
              + expected
              + " "
              + kind
              + "s; give one per "
              + kind
              + " or none");
    }
    for (int i = 0; i < titles.size(); i++) {
      if (titles.get(i) == null) {
        throw new MetricInputException("image grid: " + kind + " title " + i + " is null");
      }
    }
  }
}
