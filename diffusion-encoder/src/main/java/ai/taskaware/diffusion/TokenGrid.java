package ai.taskaware.diffusion;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Resizes spatial features to a G×G grid, separably per axis: an axis that shrinks is averaged over
 * areas ({@code torch.nn.functional.interpolate(mode="area")}, i.e. adaptive average pooling:
 * output i averages inputs {@code [floor(i·in/out), ceil((i+1)·in/out))}), an axis that grows takes
 * the nearest input ({@code floor(i·in/out)}, PyTorch's {@code "nearest"}), an axis of the right
 * size is kept. Both are linear maps, applied as matrix products in float32.
 */
public final class TokenGrid {
  private TokenGrid() {}

  /** The out×in matrix that resizes one axis. */
  static INDArray axis(int in, int out) {
    float[] m = new float[out * in];
    for (int i = 0; i < out; i++) {
      if (out < in) {
        int start = (int) Math.floor((double) i * in / out);
        int end = (int) Math.ceil((double) (i + 1) * in / out);
        for (int j = start; j < end; j++) {
          m[i * in + j] = 1.0f / (end - start);
        }
      } else {
        m[i * in + (int) Math.floor((double) i * in / out)] = 1.0f;
      }
    }
    return Nd4j.create(m, new long[] {out, in}, 'c');
  }

  /** (B, C, H, W) → (B, C, side, side). */
  public static INDArray image(INDArray x, int side) {
    long b = x.size(0);
    long c = x.size(1);
    int h = (int) x.size(2);
    int w = (int) x.size(3);
    if (h == side && w == side) {
      return x;
    }
    INDArray f = x.castTo(DataType.FLOAT).dup('c');
    INDArray rows = axis(h, side);
    INDArray cols = axis(w, side).transpose();
    long n = b * c;
    // (n·H, W)·(W, G) → (n, H, G) → (H, n·G) → (G, H)·(H, n·G) → (G, n, G) → (n, G, G)
    INDArray byCols = f.reshape('c', n * h, w).mmul(cols).reshape('c', n, h, side);
    INDArray stacked = byCols.permute(1, 0, 2).dup('c').reshape('c', h, n * side);
    INDArray both = rows.mmul(stacked).reshape('c', side, n, side);
    return both.permute(1, 0, 2).dup('c').reshape('c', b, c, side, side);
  }

  /** (B, H·W, C) tokens, row-major over (h, w) → (B, side·side, C). */
  public static INDArray tokens(INDArray x, int h, int w, int side) {
    long b = x.size(0);
    long c = x.size(2);
    if (h == side && w == side) {
      return x;
    }
    INDArray nchw = x.reshape('c', b, h, w, c).permute(0, 3, 1, 2);
    INDArray resized = image(nchw, side);
    return resized.permute(0, 2, 3, 1).dup('c').reshape('c', b, (long) side * side, c);
  }

  /**
   * The (h, w) of the U-Net level with {@code tokens} pixels for an {@code h×w} latent: sides
   * halve, rounding up, per level.
   *
   * @throws IllegalArgumentException when no level has that many pixels
   */
  public static int[] levelSize(long tokens, int h, int w) {
    int hh = h;
    int ww = w;
    while ((long) hh * ww > tokens && (hh > 1 || ww > 1)) {
      hh = (hh + 1) / 2;
      ww = (ww + 1) / 2;
    }
    if ((long) hh * ww != tokens) {
      throw new IllegalArgumentException(
          tokens + " tokens match no level of a " + h + "×" + w + " latent");
    }
    return new int[] {hh, ww};
  }
}
