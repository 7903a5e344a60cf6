package ai.taskaware.diffusion.vae;

import ai.taskaware.core.checkpoint.TensorSource;
import ai.taskaware.core.checkpoint.config.AutoencoderKLConfig;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A plain-Java float64 forward pass of diffusers' {@code Encoder} + {@code quant_conv}, written
 * from diffusers' module code, one image at a time, to check the graph against.
 */
final class VaeReference {
  private final TensorSource weights;
  private final AutoencoderKLConfig config;
  private final AttentionKeys keys;

  VaeReference(VaeEncoderCheckpoint checkpoint) {
    this.weights = checkpoint.weights();
    this.config = checkpoint.config();
    this.keys = checkpoint.attentionKeys();
  }

  /** [B, 2·latent, h, w] moments (mean then raw logvar). */
  INDArray moments(INDArray pixels) {
    long b = pixels.size(0);
    INDArray out = null;
    for (int i = 0; i < b; i++) {
      double[][][] m = image(toArray(pixels, i));
      if (out == null) {
        out = Nd4j.create(DataType.DOUBLE, b, m.length, m[0].length, m[0][0].length);
      }
      for (int c = 0; c < m.length; c++) {
        for (int y = 0; y < m[0].length; y++) {
          for (int x = 0; x < m[0][0].length; x++) {
            out.putScalar(new long[] {i, c, y, x}, m[c][y][x]);
          }
        }
      }
    }
    return out;
  }

  private double[][][] image(double[][][] x) {
    List<Integer> widths = config.blockOutChannels();
    double[][][] h = conv(x, "encoder.conv_in", 1, 1, 1, 1, 1);
    for (int b = 0; b < widths.size(); b++) {
      for (int r = 0; r < config.layersPerBlock(); r++) {
        h = resnet(h, "encoder.down_blocks." + b + ".resnets." + r);
      }
      if (b < widths.size() - 1) {
        h = conv(h, "encoder.down_blocks." + b + ".downsamplers.0.conv", 2, 0, 0, 1, 1);
      }
    }
    h = resnet(h, "encoder.mid_block.resnets.0");
    h = attention(h, "encoder.mid_block.attentions.0.");
    h = resnet(h, "encoder.mid_block.resnets.1");
    h = silu(groupNorm(h, "encoder.conv_norm_out"));
    h = conv(h, "encoder.conv_out", 1, 1, 1, 1, 1);
    return conv(h, "quant_conv", 1, 0, 0, 0, 0);
  }

  private double[][][] resnet(double[][][] x, String p) {
    double[][][] h = silu(groupNorm(x, p + ".norm1"));
    h = conv(h, p + ".conv1", 1, 1, 1, 1, 1);
    h = silu(groupNorm(h, p + ".norm2"));
    h = conv(h, p + ".conv2", 1, 1, 1, 1, 1);
    double[][][] s =
        weights.contains(p + ".conv_shortcut.weight")
            ? conv(x, p + ".conv_shortcut", 1, 0, 0, 0, 0)
            : x;
    for (int c = 0; c < h.length; c++) {
      for (int y = 0; y < h[0].length; y++) {
        for (int i = 0; i < h[0][0].length; i++) {
          h[c][y][i] += s[c][y][i];
        }
      }
    }
    return h;
  }

  private double[][][] attention(double[][][] x, String p) {
    int c = x.length;
    int hh = x[0].length;
    int ww = x[0][0].length;
    int n = hh * ww;
    double[][][] normed = groupNorm(x, p + "group_norm");
    double[][] t = new double[n][c];
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < hh; y++) {
        for (int i = 0; i < ww; i++) {
          t[y * ww + i][ch] = normed[ch][y][i];
        }
      }
    }
    double[][] q = linear(t, p + keys.query());
    double[][] k = linear(t, p + keys.key());
    double[][] v = linear(t, p + keys.value());
    double[][] o = new double[n][c];
    double scale = 1.0 / Math.sqrt(c);
    for (int i = 0; i < n; i++) {
      double[] s = new double[n];
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        double d = 0;
        for (int ch = 0; ch < c; ch++) {
          d += q[i][ch] * k[j][ch];
        }
        s[j] = d * scale;
        max = Math.max(max, s[j]);
      }
      double sum = 0;
      for (int j = 0; j < n; j++) {
        s[j] = Math.exp(s[j] - max);
        sum += s[j];
      }
      for (int j = 0; j < n; j++) {
        for (int ch = 0; ch < c; ch++) {
          o[i][ch] += s[j] / sum * v[j][ch];
        }
      }
    }
    o = linear(o, p + keys.output());
    double[][][] out = new double[c][hh][ww];
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < hh; y++) {
        for (int i = 0; i < ww; i++) {
          out[ch][y][i] = o[y * ww + i][ch] + x[ch][y][i];
        }
      }
    }
    return out;
  }

  private double[][] linear(double[][] x, String module) {
    double[] w = floats(module + ".weight");
    double[] b = floats(module + ".bias");
    int out = b.length;
    int in = x[0].length;
    double[][] y = new double[x.length][out];
    for (int r = 0; r < x.length; r++) {
      for (int o = 0; o < out; o++) {
        double s = b[o];
        for (int i = 0; i < in; i++) {
          s += w[o * in + i] * x[r][i];
        }
        y[r][o] = s;
      }
    }
    return y;
  }

  /** Convolution with separate top/left/bottom/right zero padding. */
  private double[][][] conv(
      double[][][] x, String module, int stride, int top, int left, int bottom, int right) {
    long[] shape = weights.info(module + ".weight").shape();
    double[] w = floats(module + ".weight");
    double[] b = floats(module + ".bias");
    int out = (int) shape[0];
    int in = (int) shape[1];
    int k = (int) shape[2];
    int h = x[0].length;
    int wd = x[0][0].length;
    int oh = (h + top + bottom - k) / stride + 1;
    int ow = (wd + left + right - k) / stride + 1;
    double[][][] y = new double[out][oh][ow];
    for (int o = 0; o < out; o++) {
      for (int r = 0; r < oh; r++) {
        for (int c = 0; c < ow; c++) {
          double s = b[o];
          for (int i = 0; i < in; i++) {
            for (int ky = 0; ky < k; ky++) {
              int yy = r * stride + ky - top;
              if (yy < 0 || yy >= h) {
                continue;
              }
              for (int kx = 0; kx < k; kx++) {
                int xx = c * stride + kx - left;
                if (xx >= 0 && xx < wd) {
                  s += w[((o * in + i) * k + ky) * k + kx] * x[i][yy][xx];
                }
              }
            }
          }
          y[o][r][c] = s;
        }
      }
    }
    return y;
  }

  private double[][][] groupNorm(double[][][] x, String module) {
    double[] gamma = floats(module + ".weight");
    double[] beta = floats(module + ".bias");
    int c = x.length;
    int groups = config.normNumGroups();
    int per = c / groups;
    int hw = x[0].length * x[0][0].length;
    double[][][] y = new double[c][x[0].length][x[0][0].length];
    for (int g = 0; g < groups; g++) {
      double sum = 0;
      double sq = 0;
      for (int ch = g * per; ch < (g + 1) * per; ch++) {
        for (double[] row : x[ch]) {
          for (double v : row) {
            sum += v;
          }
        }
      }
      double mean = sum / (per * hw);
      for (int ch = g * per; ch < (g + 1) * per; ch++) {
        for (double[] row : x[ch]) {
          for (double v : row) {
            sq += (v - mean) * (v - mean);
          }
        }
      }
      double inv = 1.0 / Math.sqrt(sq / (per * hw) + 1e-6);
      for (int ch = g * per; ch < (g + 1) * per; ch++) {
        for (int r = 0; r < x[0].length; r++) {
          for (int i = 0; i < x[0][0].length; i++) {
            y[ch][r][i] = (x[ch][r][i] - mean) * inv * gamma[ch] + beta[ch];
          }
        }
      }
    }
    return y;
  }

  private static double[][][] silu(double[][][] x) {
    for (double[][] plane : x) {
      for (double[] row : plane) {
        for (int i = 0; i < row.length; i++) {
          row[i] = row[i] / (1 + Math.exp(-row[i]));
        }
      }
    }
    return x;
  }

  private double[] floats(String name) {
    return weights.floatArray(name).castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  private static double[][][] toArray(INDArray pixels, int b) {
    int c = (int) pixels.size(1);
    int h = (int) pixels.size(2);
    int w = (int) pixels.size(3);
    double[][][] out = new double[c][h][w];
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          out[ch][y][x] = pixels.getDouble(b, ch, y, x);
        }
      }
    }
    return out;
  }
}
