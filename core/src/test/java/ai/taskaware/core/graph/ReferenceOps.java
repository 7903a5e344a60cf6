package ai.taskaware.core.graph;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.special.Erf;

/**
 * Plain-Java reference implementations of the graph ops, written as loops over row-major float
 * arrays, in double precision, following the PyTorch definitions.
 */
final class ReferenceOps {

  private ReferenceOps() {}

  static Tensor map(Tensor x, DoubleUnaryOperator f) {
    float[] out = new float[x.data().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) f.applyAsDouble(x.data()[i]);
    }
    return new Tensor(x.shape(), out);
  }

  static int[] broadcastShape(int[] a, int[] b) {
    int rank = Math.max(a.length, b.length);
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
      int db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(Arrays.toString(a) + " vs " + Arrays.toString(b));
      }
      out[i] = Math.max(da, db);
    }
    return out;
  }

  /** Reads {@code x} at the output multi-index {@code idx} under broadcasting. */
  static float broadcastGet(Tensor x, int[] idx) {
    int[] s = x.strides();
    int off = 0;
    int shift = idx.length - x.rank();
    for (int i = 0; i < x.rank(); i++) {
      int d = x.shape()[i] == 1 ? 0 : idx[i + shift];
      off += d * s[i];
    }
    return x.data()[off];
  }

  static Tensor zip(Tensor a, Tensor b, DoubleBinaryOperator f) {
    Tensor out = Tensor.zeros(broadcastShape(a.shape(), b.shape()));
    for (int i = 0; i < out.data().length; i++) {
      int[] idx = out.unravel(i);
      out.data()[i] = (float) f.applyAsDouble(broadcastGet(a, idx), broadcastGet(b, idx));
    }
    return out;
  }

  static Tensor where(Tensor cond, Tensor a, Tensor b) {
    Tensor out = Tensor.zeros(broadcastShape(broadcastShape(cond.shape(), a.shape()), b.shape()));
    for (int i = 0; i < out.data().length; i++) {
      int[] idx = out.unravel(i);
      out.data()[i] = broadcastGet(cond, idx) != 0 ? broadcastGet(a, idx) : broadcastGet(b, idx);
    }
    return out;
  }

  static Tensor expand(Tensor x, int[] shape) {
    Tensor out = Tensor.zeros(broadcastShape(x.shape(), shape));
    for (int i = 0; i < out.data().length; i++) {
      out.data()[i] = broadcastGet(x, out.unravel(i));
    }
    return out;
  }

  static double erf(double x) {
    return Erf.erf(x);
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  static Tensor gelu(Tensor x) {
    return map(x, v -> 0.5 * v * (1 + erf(v / Math.sqrt(2))));
  }

  static Tensor geluTanh(Tensor x) {
    return map(
        x, v -> 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))));
  }

  static Tensor quickGelu(Tensor x) {
    return map(x, v -> v * sigmoid(1.702 * v));
  }

  static Tensor silu(Tensor x) {
    return map(x, v -> v * sigmoid(v));
  }

  /** Batched matrix product with broadcast batch dims; both ranks >= 2. */
  static Tensor matMul(Tensor a, Tensor b) {
    int ra = a.rank();
    int rb = b.rank();
    int m = a.shape()[ra - 2];
    int k = a.shape()[ra - 1];
    int n = b.shape()[rb - 1];
    int[] batch =
        broadcastShape(Arrays.copyOf(a.shape(), ra - 2), Arrays.copyOf(b.shape(), rb - 2));
    int[] outShape = Arrays.copyOf(batch, batch.length + 2);
    outShape[batch.length] = m;
    outShape[batch.length + 1] = n;
    Tensor out = Tensor.zeros(outShape);
    for (int i = 0; i < out.data().length; i++) {
      int[] idx = out.unravel(i);
      int[] ia = Arrays.copyOf(idx, idx.length);
      int[] ib = Arrays.copyOf(idx, idx.length);
      double sum = 0;
      for (int kk = 0; kk < k; kk++) {
        ia[idx.length - 1] = kk;
        ib[idx.length - 2] = kk;
        sum += (double) broadcastGet(a, ia) * broadcastGet(b, ib);
      }
      out.data()[i] = (float) sum;
    }
    return out;
  }

  static Tensor transpose(Tensor x, int... perm) {
    int[] shape = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      shape[i] = x.shape()[perm[i]];
    }
    Tensor out = Tensor.zeros(shape);
    int[] src = new int[perm.length];
    for (int i = 0; i < out.data().length; i++) {
      int[] idx = out.unravel(i);
      for (int d = 0; d < perm.length; d++) {
        src[perm[d]] = idx[d];
      }
      out.data()[i] = x.get(src);
    }
    return out;
  }

  /** {@code alpha·op(a)·op(b) + beta·c}, 2-D. */
  static Tensor gemm(
      Tensor a, Tensor b, Tensor c, float alpha, float beta, boolean ta, boolean tb) {
    Tensor aa = ta ? transpose(a, 1, 0) : a;
    Tensor bb = tb ? transpose(b, 1, 0) : b;
    Tensor ab = map(matMul(aa, bb), v -> v * alpha);
    return c == null ? ab : zip(ab, map(c, v -> v * beta), Double::sum);
  }

  /** torch.nn.functional.linear: x·Wᵀ + b with W (out, in). */
  static Tensor linear(Tensor x, Tensor w, Tensor b) {
    Tensor y = matMul(x, transpose(w, 1, 0));
    return b == null ? y : zip(y, b, Double::sum);
  }

  /** 2-D convolution, pads = {top, left, bottom, right}. */
  static Tensor conv2d(
      Tensor x, Tensor w, Tensor bias, int[] stride, int[] pads, int[] dilation, int groups) {
    int n = x.shape()[0];
    int c = x.shape()[1];
    int h = x.shape()[2];
    int wd = x.shape()[3];
    int m = w.shape()[0];
    int cg = w.shape()[1];
    int kh = w.shape()[2];
    int kw = w.shape()[3];
    int oh = (h + pads[0] + pads[2] - dilation[0] * (kh - 1) - 1) / stride[0] + 1;
    int ow = (wd + pads[1] + pads[3] - dilation[1] * (kw - 1) - 1) / stride[1] + 1;
    Tensor out = Tensor.zeros(n, m, oh, ow);
    int mPerGroup = m / groups;
    if (cg * groups != c) {
      throw new IllegalArgumentException("channels");
    }
    for (int b = 0; b < n; b++) {
      for (int o = 0; o < m; o++) {
        int g = o / mPerGroup;
        for (int y = 0; y < oh; y++) {
          for (int xx = 0; xx < ow; xx++) {
            double sum = bias == null ? 0 : bias.data()[o];
            for (int ci = 0; ci < cg; ci++) {
              for (int ky = 0; ky < kh; ky++) {
                int iy = y * stride[0] - pads[0] + ky * dilation[0];
                if (iy < 0 || iy >= h) {
                  continue;
                }
                for (int kx = 0; kx < kw; kx++) {
                  int ix = xx * stride[1] - pads[1] + kx * dilation[1];
                  if (ix < 0 || ix >= wd) {
                    continue;
                  }
                  sum += (double) x.get(b, g * cg + ci, iy, ix) * w.get(o, ci, ky, kx);
                }
              }
            }
            out.data()[((b * m + o) * oh + y) * ow + xx] = (float) sum;
          }
        }
      }
    }
    return out;
  }

  /** Applies {@code f} to every 1-D lane along {@code axis} (in place on a copy). */
  interface LaneFunction {
    void apply(double[] lane);
  }

  static Tensor lanes(Tensor x, int axis, LaneFunction f) {
    int ax = axis < 0 ? axis + x.rank() : axis;
    int len = x.shape()[ax];
    int stride = x.strides()[ax];
    float[] out = x.data().clone();
    double[] lane = new double[len];
    for (int i = 0; i < out.length; i++) {
      if (x.unravel(i)[ax] != 0) {
        continue;
      }
      for (int j = 0; j < len; j++) {
        lane[j] = out[i + j * stride];
      }
      f.apply(lane);
      for (int j = 0; j < len; j++) {
        out[i + j * stride] = (float) lane[j];
      }
    }
    return new Tensor(x.shape(), out);
  }

  static Tensor softmax(Tensor x, int axis) {
    return lanes(
        x,
        axis,
        lane -> {
          double max = Double.NEGATIVE_INFINITY;
          for (double v : lane) {
            max = Math.max(max, v);
          }
          double sum = 0;
          for (int i = 0; i < lane.length; i++) {
            lane[i] = Math.exp(lane[i] - max);
            sum += lane[i];
          }
          for (int i = 0; i < lane.length; i++) {
            lane[i] /= sum;
          }
        });
  }

  static Tensor cumSum(Tensor x, int axis, boolean exclusive, boolean reverse) {
    return lanes(
        x,
        axis,
        lane -> {
          double[] src = lane.clone();
          double acc = 0;
          for (int s = 0; s < lane.length; s++) {
            int i = reverse ? lane.length - 1 - s : s;
            if (exclusive) {
              lane[i] = acc;
              acc += src[i];
            } else {
              acc += src[i];
              lane[i] = acc;
            }
          }
        });
  }

  /** torch.nn.LayerNorm over the last dim (biased variance). */
  static Tensor layerNorm(Tensor x, Tensor scale, Tensor bias, double eps) {
    int d = x.shape()[x.rank() - 1];
    float[] out = new float[x.data().length];
    for (int r = 0; r < out.length / d; r++) {
      double mean = 0;
      for (int j = 0; j < d; j++) {
        mean += x.data()[r * d + j];
      }
      mean /= d;
      double var = 0;
      for (int j = 0; j < d; j++) {
        double c = x.data()[r * d + j] - mean;
        var += c * c;
      }
      var /= d;
      for (int j = 0; j < d; j++) {
        double v = (x.data()[r * d + j] - mean) / Math.sqrt(var + eps) * scale.data()[j];
        out[r * d + j] = (float) (bias == null ? v : v + bias.data()[j]);
      }
    }
    return new Tensor(x.shape(), out);
  }

  /** LLaMA RMSNorm over the last dim. */
  static Tensor rmsNorm(Tensor x, Tensor weight, double eps) {
    int d = x.shape()[x.rank() - 1];
    float[] out = new float[x.data().length];
    for (int r = 0; r < out.length / d; r++) {
      double ms = 0;
      for (int j = 0; j < d; j++) {
        ms += (double) x.data()[r * d + j] * x.data()[r * d + j];
      }
      ms /= d;
      double inv = 1 / Math.sqrt(ms + eps);
      for (int j = 0; j < d; j++) {
        out[r * d + j] = (float) (x.data()[r * d + j] * inv * weight.data()[j]);
      }
    }
    return new Tensor(x.shape(), out);
  }

  /** torch.nn.GroupNorm on (N, C, …). */
  static Tensor groupNorm(Tensor x, int groups, Tensor scale, Tensor bias, double eps) {
    int n = x.shape()[0];
    int c = x.shape()[1];
    int spatial = x.data().length / (n * c);
    int perGroup = c / groups * spatial;
    float[] out = new float[x.data().length];
    for (int b = 0; b < n; b++) {
      for (int g = 0; g < groups; g++) {
        int base = (b * c + g * (c / groups)) * spatial;
        double mean = 0;
        for (int i = 0; i < perGroup; i++) {
          mean += x.data()[base + i];
        }
        mean /= perGroup;
        double var = 0;
        for (int i = 0; i < perGroup; i++) {
          double d = x.data()[base + i] - mean;
          var += d * d;
        }
        var /= perGroup;
        for (int i = 0; i < perGroup; i++) {
          int ch = g * (c / groups) + i / spatial;
          double v = (x.data()[base + i] - mean) / Math.sqrt(var + eps);
          out[base + i] = (float) (v * scale.data()[ch] + bias.data()[ch]);
        }
      }
    }
    return new Tensor(x.shape(), out);
  }

  static Tensor attention(Tensor q, Tensor k, Tensor v, Tensor mask, double scale) {
    int r = k.rank();
    int[] perm = new int[r];
    for (int i = 0; i < r; i++) {
      perm[i] = i;
    }
    perm[r - 1] = r - 2;
    perm[r - 2] = r - 1;
    Tensor scores = map(matMul(q, transpose(k, perm)), s -> s * scale);
    if (mask != null) {
      scores = zip(scores, mask, Double::sum);
    }
    return matMul(softmax(scores, -1), v);
  }

  static Tensor concat(int axis, Tensor... parts) {
    int[] shape = parts[0].shape().clone();
    shape[axis] = 0;
    for (Tensor p : parts) {
      shape[axis] += p.shape()[axis];
    }
    Tensor out = Tensor.zeros(shape);
    for (int i = 0; i < out.data().length; i++) {
      int[] idx = out.unravel(i);
      int along = idx[axis];
      for (Tensor p : parts) {
        if (along < p.shape()[axis]) {
          idx[axis] = along;
          out.data()[i] = p.get(idx);
          break;
        }
        along -= p.shape()[axis];
      }
    }
    return out;
  }

  /** Slice with positive steps along the given axes, ONNX clamping. */
  static Tensor slice(Tensor x, int[] starts, int[] ends, int[] axes, int[] steps) {
    int[] shape = x.shape().clone();
    int[] start = new int[x.rank()];
    int[] step = new int[x.rank()];
    Arrays.fill(step, 1);
    for (int i = 0; i < axes.length; i++) {
      int ax = axes[i];
      int dim = x.shape()[ax];
      int s = starts[i] < 0 ? starts[i] + dim : starts[i];
      int e = ends[i] < 0 ? ends[i] + dim : ends[i];
      s = Math.max(0, Math.min(s, dim));
      e = Math.max(0, Math.min(e, dim));
      start[ax] = s;
      step[ax] = steps[i];
      shape[ax] = Math.max(0, (e - s + steps[i] - 1) / steps[i]);
    }
    Tensor out = Tensor.zeros(shape);
    for (int i = 0; i < out.data().length; i++) {
      int[] idx = out.unravel(i);
      for (int d = 0; d < idx.length; d++) {
        idx[d] = start[d] + idx[d] * step[d];
      }
      out.data()[i] = x.get(idx);
    }
    return out;
  }

  static Tensor gather(Tensor x, int[] indices, int[] indicesShape, int axis) {
    int[] shape = new int[x.rank() - 1 + indicesShape.length];
    System.arraycopy(x.shape(), 0, shape, 0, axis);
    System.arraycopy(indicesShape, 0, shape, axis, indicesShape.length);
    System.arraycopy(x.shape(), axis + 1, shape, axis + indicesShape.length, x.rank() - axis - 1);
    Tensor out = Tensor.zeros(shape);
    Tensor idxT = Tensor.zeros(indicesShape);
    for (int i = 0; i < out.data().length; i++) {
      int[] o = out.unravel(i);
      int[] src = new int[x.rank()];
      System.arraycopy(o, 0, src, 0, axis);
      int flat = 0;
      int[] is = idxT.strides();
      for (int j = 0; j < indicesShape.length; j++) {
        flat += o[axis + j] * is[j];
      }
      int index = indices[flat];
      src[axis] = index < 0 ? index + x.shape()[axis] : index;
      System.arraycopy(o, axis + indicesShape.length, src, axis + 1, x.rank() - axis - 1);
      out.data()[i] = x.get(src);
    }
    return out;
  }

  /** torch F.interpolate(mode="nearest", scale_factor=f) on the last two dims of NCHW. */
  static Tensor upsampleNearest(Tensor x, int f) {
    int[] s = x.shape().clone();
    s[2] *= f;
    s[3] *= f;
    Tensor out = Tensor.zeros(s);
    for (int i = 0; i < out.data().length; i++) {
      int[] idx = out.unravel(i);
      idx[2] = (int) Math.floor(idx[2] * (1.0 / f));
      idx[3] = (int) Math.floor(idx[3] * (1.0 / f));
      out.data()[i] = x.get(idx);
    }
    return out;
  }

  /** Constant pad, pads = begins then ends (ONNX order). */
  static Tensor pad(Tensor x, int[] pads, float value) {
    int r = x.rank();
    int[] s = new int[r];
    for (int i = 0; i < r; i++) {
      s[i] = x.shape()[i] + pads[i] + pads[i + r];
    }
    Tensor out = Tensor.zeros(s);
    for (int i = 0; i < out.data().length; i++) {
      int[] idx = out.unravel(i);
      boolean inside = true;
      for (int d = 0; d < r; d++) {
        idx[d] -= pads[d];
        inside &= idx[d] >= 0 && idx[d] < x.shape()[d];
      }
      out.data()[i] = inside ? x.get(idx) : value;
    }
    return out;
  }

  enum Reduction {
    MEAN,
    SUM,
    MAX
  }

  static Tensor reduce(Tensor x, Reduction kind, boolean keepDims, int... axes) {
    boolean[] reduced = new boolean[x.rank()];
    for (int a : axes) {
      reduced[a < 0 ? a + x.rank() : a] = true;
    }
    int[] kept = x.shape().clone();
    int count = 1;
    for (int i = 0; i < kept.length; i++) {
      if (reduced[i]) {
        count *= kept[i];
        kept[i] = 1;
      }
    }
    Tensor out = Tensor.zeros(kept);
    double[] acc = new double[out.data().length];
    Arrays.fill(acc, kind == Reduction.MAX ? Double.NEGATIVE_INFINITY : 0);
    for (int i = 0; i < x.data().length; i++) {
      int[] idx = x.unravel(i);
      for (int d = 0; d < idx.length; d++) {
        if (reduced[d]) {
          idx[d] = 0;
        }
      }
      int o = 0;
      int[] os = out.strides();
      for (int d = 0; d < idx.length; d++) {
        o += idx[d] * os[d];
      }
      acc[o] = kind == Reduction.MAX ? Math.max(acc[o], x.data()[i]) : acc[o] + x.data()[i];
    }
    for (int i = 0; i < acc.length; i++) {
      out.data()[i] = (float) (kind == Reduction.MEAN ? acc[i] / count : acc[i]);
    }
    if (keepDims) {
      return out;
    }
    return out.reshape(
        java.util.stream.IntStream.range(0, x.rank())
            .filter(i -> !reduced[i])
            .map(i -> x.shape()[i])
            .toArray());
  }
}
