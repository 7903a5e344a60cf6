package ai.taskaware.llm.llama;

/**
 * A plain-Java, double-precision LLaMA forward pass written from the transformers 4.31 modeling
 * code, for differential tests of the graph (one unpadded row, no cache).
 */
final class ReferenceLlama {
  private final TinyLlamaCheckpoint ckpt;
  private final TinyLlamaCheckpoint.Spec s;

  ReferenceLlama(TinyLlamaCheckpoint ckpt) {
    this.ckpt = ckpt;
    this.s = ckpt.spec;
  }

  /** Result: {@code hidden[L+1][S][H]} and {@code logits[S][V]}. */
  record Result(double[][][] hidden, double[][] logits) {}

  Result forward(int[] ids) {
    double[][] x = new double[ids.length][];
    for (int t = 0; t < ids.length; t++) {
      x[t] = ckpt.weights.get("model.embed_tokens.weight")[ids[t]].clone();
    }
    return forwardEmbeds(x);
  }

  Result forwardEmbeds(double[][] embeds) {
    int n = embeds.length;
    double[][][] hidden = new double[s.layers() + 1][][];
    double[][] h = copy(embeds);
    hidden[0] = copy(h);
    double[][] cos = new double[n][];
    double[][] sin = new double[n][];
    rope(n, cos, sin);
    int d = s.headDim();
    int groups = s.heads() / s.kvHeads();
    for (int l = 0; l < s.layers(); l++) {
      String p = "model.layers." + l + ".";
      double[][] xn = rmsNorm(h, w(p + "input_layernorm.weight")[0]);
      double[][] q = matT(xn, w(p + "self_attn.q_proj.weight"));
      double[][] k = matT(xn, w(p + "self_attn.k_proj.weight"));
      double[][] v = matT(xn, w(p + "self_attn.v_proj.weight"));
      for (int t = 0; t < n; t++) {
        for (int head = 0; head < s.heads(); head++) {
          rotate(q[t], head * d, d, cos[t], sin[t]);
        }
        for (int head = 0; head < s.kvHeads(); head++) {
          rotate(k[t], head * d, d, cos[t], sin[t]);
        }
      }
      double[][] attn = new double[n][s.hidden()];
      for (int head = 0; head < s.heads(); head++) {
        int kvHead = head / groups;
        for (int i = 0; i < n; i++) {
          double[] scores = new double[i + 1];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j <= i; j++) {
            double dot = 0;
            for (int c = 0; c < d; c++) {
              dot += q[i][head * d + c] * k[j][kvHead * d + c];
            }
            scores[j] = dot / Math.sqrt(d);
            max = Math.max(max, scores[j]);
          }
          double sum = 0;
          for (int j = 0; j <= i; j++) {
            scores[j] = Math.exp(scores[j] - max);
            sum += scores[j];
          }
          for (int j = 0; j <= i; j++) {
            for (int c = 0; c < d; c++) {
              attn[i][head * d + c] += scores[j] / sum * v[j][kvHead * d + c];
            }
          }
        }
      }
      addInPlace(h, matT(attn, w(p + "self_attn.o_proj.weight")));
      double[][] y = rmsNorm(h, w(p + "post_attention_layernorm.weight")[0]);
      double[][] gate = matT(y, w(p + "mlp.gate_proj.weight"));
      double[][] up = matT(y, w(p + "mlp.up_proj.weight"));
      for (int t = 0; t < n; t++) {
        for (int c = 0; c < gate[t].length; c++) {
          double g = gate[t][c];
          gate[t][c] = g / (1 + Math.exp(-g)) * up[t][c];
        }
      }
      addInPlace(h, matT(gate, w(p + "mlp.down_proj.weight")));
      hidden[l + 1] = copy(h);
    }
    double[][] normed = rmsNorm(h, w("model.norm.weight")[0]);
    hidden[s.layers()] = normed;
    String head = s.tied() ? "model.embed_tokens.weight" : "lm_head.weight";
    return new Result(hidden, matT(normed, w(head)));
  }

  private void rope(int n, double[][] cos, double[][] sin) {
    int d = s.headDim();
    double base = s.theta();
    if ("dynamic".equals(s.ropeScaling()) && n > s.maxPositions()) {
      double f = s.factor();
      base = base * Math.pow(f * n / s.maxPositions() - (f - 1), d / (d - 2.0));
    }
    for (int t = 0; t < n; t++) {
      cos[t] = new double[d / 2];
      sin[t] = new double[d / 2];
      double pos = "linear".equals(s.ropeScaling()) ? t / s.factor() : t;
      for (int i = 0; i < d / 2; i++) {
        double angle = pos / Math.pow(base, 2.0 * i / d);
        cos[t][i] = Math.cos(angle);
        sin[t][i] = Math.sin(angle);
      }
    }
  }

  /** Rotate-half: element i pairs with i + d/2. */
  private static void rotate(double[] x, int off, int d, double[] cos, double[] sin) {
    int half = d / 2;
    for (int i = 0; i < half; i++) {
      double a = x[off + i];
      double b = x[off + i + half];
      x[off + i] = a * cos[i] - b * sin[i];
      x[off + i + half] = b * cos[i] + a * sin[i];
    }
  }

  private double[][] rmsNorm(double[][] x, double[] weight) {
    double[][] out = new double[x.length][];
    for (int t = 0; t < x.length; t++) {
      double ms = 0;
      for (double v : x[t]) {
        ms += v * v;
      }
      ms /= x[t].length;
      double inv = 1 / Math.sqrt(ms + s.eps());
      out[t] = new double[x[t].length];
      for (int c = 0; c < x[t].length; c++) {
        out[t][c] = x[t][c] * inv * weight[c];
      }
    }
    return out;
  }

  private double[][] w(String name) {
    return ckpt.weights.get(name);
  }

  /** x · Wᵀ with W laid out (out, in). */
  private static double[][] matT(double[][] x, double[][] weight) {
    double[][] out = new double[x.length][weight.length];
    for (int t = 0; t < x.length; t++) {
      for (int o = 0; o < weight.length; o++) {
        double acc = 0;
        for (int i = 0; i < x[t].length; i++) {
          acc += x[t][i] * weight[o][i];
        }
        out[t][o] = acc;
      }
    }
    return out;
  }

  private static void addInPlace(double[][] a, double[][] b) {
    for (int t = 0; t < a.length; t++) {
      for (int c = 0; c < a[t].length; c++) {
        a[t][c] += b[t][c];
      }
    }
  }

  private static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }
}
