package ai.taskaware.clip;

import ai.taskaware.core.checkpoint.TensorSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.special.Erf;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A plain float64 forward pass of transformers' CLIP towers, one sequence at a time with ND4J 2-D
 * products: the independent reference the ONNX graphs are compared with on random checkpoints.
 */
public final class ReferenceClip {
  private final TensorSource w;
  private final int heads;
  private final String act;
  private final double eps;

  public ReferenceClip(TensorSource w, int heads, String act, double eps) {
    this.w = w;
    this.heads = heads;
    this.act = act;
    this.eps = eps;
  }

  INDArray weight(String name) {
    return w.floatArray(name).castTo(DataType.DOUBLE);
  }

  /** x (S, H) → LayerNorm over H. */
  public INDArray layerNorm(INDArray x, String prefix) {
    INDArray mean = x.mean(true, 1);
    INDArray centered = x.subColumnVector(mean);
    INDArray var = centered.mul(centered).mean(true, 1);
    INDArray norm = centered.divColumnVector(Nd4j.math().sqrt(var.add(eps)));
    return norm.mulRowVector(weight(prefix + ".weight")).addRowVector(weight(prefix + ".bias"));
  }

  INDArray linear(INDArray x, String prefix, boolean bias) {
    INDArray y = x.mmul(weight(prefix + ".weight").transpose());
    return bias ? y.addRowVector(weight(prefix + ".bias")) : y;
  }

  INDArray activation(INDArray x) {
    INDArray y = x.dup();
    double[] d = y.data().asDouble();
    for (int i = 0; i < d.length; i++) {
      double v = d[i];
      d[i] =
          switch (act) {
            case "quick_gelu" -> v / (1 + Math.exp(-1.702 * v));
            case "gelu" -> 0.5 * v * (1 + Erf.erf(v / Math.sqrt(2)));
            default -> throw new IllegalArgumentException(act);
          };
    }
    return Nd4j.create(d, y.shape(), 'c');
  }

  /** One encoder layer on h (S, H); mask (S, S) additive or null. */
  public INDArray layer(INDArray h, String prefix, double[][] mask) {
    int s = h.rows();
    int hidden = h.columns();
    int hd = hidden / heads;
    INDArray x = layerNorm(h, prefix + ".layer_norm1");
    INDArray q = linear(x, prefix + ".self_attn.q_proj", true).mul(Math.pow(hd, -0.5));
    INDArray k = linear(x, prefix + ".self_attn.k_proj", true);
    INDArray v = linear(x, prefix + ".self_attn.v_proj", true);
    INDArray out = Nd4j.zeros(DataType.DOUBLE, s, hidden);
    for (int head = 0; head < heads; head++) {
      INDArrayIndex cols = NDArrayIndex.interval(head * hd, (head + 1) * hd);
      INDArray qh = q.get(NDArrayIndex.all(), cols);
      INDArray kh = k.get(NDArrayIndex.all(), cols);
      INDArray vh = v.get(NDArrayIndex.all(), cols);
      double[][] scores = qh.mmul(kh.transpose()).toDoubleMatrix();
      for (int i = 0; i < s; i++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < s; j++) {
          if (mask != null) {
            scores[i][j] += mask[i][j];
          }
          max = Math.max(max, scores[i][j]);
        }
        double sum = 0;
        for (int j = 0; j < s; j++) {
          scores[i][j] = Math.exp(scores[i][j] - max);
          sum += scores[i][j];
        }
        for (int j = 0; j < s; j++) {
          scores[i][j] /= sum;
        }
      }
      out.get(NDArrayIndex.all(), cols).assign(Nd4j.create(scores).mmul(vh));
    }
    h = h.add(linear(out, prefix + ".self_attn.out_proj", true));
    INDArray y = layerNorm(h, prefix + ".layer_norm2");
    y = linear(activation(linear(y, prefix + ".mlp.fc1", true)), prefix + ".mlp.fc2", true);
    return h.add(y);
  }

  /** hidden_states 0..L of one image (C, S, S) of a vision tower. */
  public List<INDArray> vision(INDArray image, int patch, int layers) {
    String p = "vision_model.";
    INDArray conv = weight(p + "embeddings.patch_embedding.weight");
    int hidden = (int) conv.size(0);
    INDArray kernel = conv.reshape('c', hidden, -1);
    int grid = (int) image.size(1) / patch;
    INDArray tokens = Nd4j.zeros(DataType.DOUBLE, grid * grid + 1, hidden);
    tokens.getRow(0).assign(weight(p + "embeddings.class_embedding"));
    INDArray img = image.castTo(DataType.DOUBLE);
    for (int gy = 0; gy < grid; gy++) {
      for (int gx = 0; gx < grid; gx++) {
        INDArray piece =
            img.get(
                    NDArrayIndex.all(),
                    NDArrayIndex.interval(gy * patch, (gy + 1) * patch),
                    NDArrayIndex.interval(gx * patch, (gx + 1) * patch))
                .dup('c')
                .reshape('c', 1, -1);
        tokens.getRow(1 + gy * grid + gx).assign(piece.mmul(kernel.transpose()));
      }
    }
    INDArray h =
        layerNorm(
            tokens.add(weight(p + "embeddings.position_embedding.weight")), p + "pre_layrnorm");
    List<INDArray> states = new ArrayList<>();
    states.add(h);
    for (int i = 0; i < layers; i++) {
      h = layer(h, p + "encoder.layers." + i, null);
      states.add(h);
    }
    return states;
  }

  /** hidden_states 0..L of one token sequence of a text tower (causal mask + optional padding). */
  public List<INDArray> text(long[] ids, long[] attentionMask, int layers) {
    String p = "text_model.";
    INDArray table = weight(p + "embeddings.token_embedding.weight");
    INDArray pos = weight(p + "embeddings.position_embedding.weight");
    int s = ids.length;
    INDArray h = Nd4j.zeros(DataType.DOUBLE, s, table.size(1));
    for (int i = 0; i < s; i++) {
      h.getRow(i).assign(table.getRow(ids[i]).add(pos.getRow(i)));
    }
    double[][] mask = new double[s][s];
    for (int i = 0; i < s; i++) {
      for (int j = 0; j < s; j++) {
        boolean blocked = j > i || (attentionMask != null && attentionMask[j] == 0);
        mask[i][j] = blocked ? -1e30 : 0;
      }
    }
    List<INDArray> states = new ArrayList<>();
    states.add(h);
    for (int i = 0; i < layers; i++) {
      h = layer(h, p + "encoder.layers." + i, mask);
      states.add(h);
    }
    return states;
  }
}
