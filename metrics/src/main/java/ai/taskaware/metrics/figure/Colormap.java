package ai.taskaware.metrics.figure;

import ai.taskaware.metrics.MetricInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Perceptually uniform colormaps from their published 256-entry tables. A value v in [0, 1] picks
 * entry {@code min(255, floor(v·256))} as matplotlib's {@code ListedColormap} does (values outside
 * [0, 1] are clamped); entries are converted to 8-bit by rounding, which gives the published hex
 * codes (#440154 … #FDE725 for viridis).
 */
public enum Colormap {
  /** Viridis (van der Walt and Smith, matplotlib 1.5; table in the public domain, CC0). */
  VIRIDIS("viridis.txt");

  /** Number of entries in each table. */
  public static final int SIZE = 256;

  private final double[][] table;
  private final int[] packed;

  Colormap(String resource) {
    this.table = readTable(resource);
    this.packed = new int[SIZE];
    for (int i = 0; i < SIZE; i++) {
      packed[i] = (toByte(table[i][0]) << 16) | (toByte(table[i][1]) << 8) | toByte(table[i][2]);
    }
  }

  /** The published entry {@code index} as red, green, blue in [0, 1]. */
  public double[] entry(int index) {
    if (index < 0 || index >= SIZE) {
      throw new MetricInputException(
          "colormap entry " + index + " is out of range, expected 0.." + (SIZE - 1));
    }
    return table[index].clone();
  }

  /**
   * The colour of {@code value} as packed 0xRRGGBB.
   *
   * @throws MetricInputException if {@code value} is NaN
   */
  public int rgb(double value) {
    if (Double.isNaN(value)) {
      throw new MetricInputException("colormap value is NaN, expected a number in [0, 1]");
    }
    double clamped = Math.min(1.0, Math.max(0.0, value));
    return packed[Math.min(SIZE - 1, (int) Math.floor(clamped * SIZE))];
  }

  private static int toByte(double unit) {
    return (int) Math.round(255 * unit);
  }

  private static double[][] readTable(String resource) {
    try (InputStream in = Colormap.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("colormap table " + resource + " is missing");
      }
      List<double[]> rows = new ArrayList<>(SIZE);
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.trim().split("\\s+");
        rows.add(
            new double[] {
              Double.parseDouble(fields[0]),
              Double.parseDouble(fields[1]),
              Double.parseDouble(fields[2])
            });
      }
      if (rows.size() != SIZE) {
        throw new IllegalStateException(
            "colormap table " + resource + " has " + rows.size() + " entries, expected " + SIZE);
      }
      return rows.toArray(double[][]::new);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read colormap table " + resource, e);
    }
  }
}
