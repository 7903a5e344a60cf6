package ai.taskaware.llm.llama;

import ai.taskaware.core.checkpoint.config.LlamaConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The cos/sin tables of rotary position embeddings as transformers 4.31's {@code
 * LlamaRotaryEmbedding} (and its linear and dynamic-NTK subclasses) computes them: float32 inverse
 * frequencies {@code 1/base^(2i/d)}, angles {@code position·inv_freq} in float32, each angle used
 * for the pair (i, i + d/2) — the rotate-half layout.
 *
 * <p>Computed on the host and fed to the graph because the graph IR has no Cos/Sin op; the tables
 * are tiny (batch × sequence × head_dim) and computing them in plain Java keeps every scaling rule
 * in one readable place. transformers caches a table and reads it at {@code position_ids}; the
 * values are the same because each entry depends on its position only.
 *
 * <p>Dynamic NTK scaling rescales the base from the total length (past + new) of each call. That is
 * what transformers 4.31 computes while one sequence grows (it rebuilds its table whenever the
 * length exceeds the cached one), so prefill and every decode step agree with it; transformers also
 * keeps an enlarged table for later, shorter calls on the same module, a statefulness this
 * stateless model deliberately does not copy.
 */
final class RotaryEmbedding {
  private final int dim;
  private final double base;
  private final String scaling;
  private final double factor;
  private final int maxPositions;
  private final float[] baseInverseFrequencies;

  RotaryEmbedding(LlamaConfig config) {
    this.dim = config.effectiveHeadDim();
    this.base = config.ropeTheta();
    this.maxPositions = config.maxPositionEmbeddings();
    LlamaConfig.RopeScaling s = config.ropeScaling();
    this.scaling = s == null ? "none" : s.kind();
    this.factor = s == null || s.factor() == null ? 1.0 : s.factor();
    if (!scaling.equals("none") && !scaling.equals("linear") && !scaling.equals("dynamic")) {
      throw new IllegalArgumentException(
          "rope_scaling type '" + scaling + "' unsupported, expected linear or dynamic");
    }
    this.baseInverseFrequencies = inverseFrequencies(base);
  }

  /** The positions the model supports: the context, stretched by a linear or dynamic factor. */
  int contextLimit() {
    return scaling.equals("none") ? maxPositions : (int) Math.floor(maxPositions * factor);
  }

  /**
   * cos and sin tables, each {@code [B, S, head_dim]} float32.
   *
   * @param positionIds {@code [B, S]} int64
   * @param totalLength past plus current length (the dynamic-NTK rule scales the base with it)
   */
  INDArray[] tables(INDArray positionIds, long totalLength) {
    float[] inv = baseInverseFrequencies;
    if (scaling.equals("dynamic") && totalLength > maxPositions) {
      double scaled =
          base
              * Math.pow(
                  factor * totalLength / maxPositions - (factor - 1), dim / (double) (dim - 2));
      inv = inverseFrequencies(scaled);
    }
    long[] shape = positionIds.shape();
    long[] pos = positionIds.dup('c').data().asLong();
    int half = dim / 2;
    float[] cos = new float[pos.length * dim];
    float[] sin = new float[pos.length * dim];
    for (int p = 0; p < pos.length; p++) {
      float t = (float) pos[p];
      if (scaling.equals("linear")) {
        t = t / (float) factor;
      }
      for (int i = 0; i < half; i++) {
        float angle = t * inv[i];
        float c = (float) Math.cos(angle);
        float s = (float) Math.sin(angle);
        cos[p * dim + i] = c;
        cos[p * dim + i + half] = c;
        sin[p * dim + i] = s;
        sin[p * dim + i + half] = s;
      }
    }
    long[] out = {shape[0], shape[1], dim};
    return new INDArray[] {Nd4j.create(cos, out, 'c'), Nd4j.create(sin, out, 'c')};
  }

  private float[] inverseFrequencies(double b) {
    float[] inv = new float[dim / 2];
    for (int i = 0; i < inv.length; i++) {
      // torch: arange(0, d, 2).float() / d, then base ** that, then 1.0 / — all float32
      float exponent = (float) (2 * i) / (float) dim;
      inv[i] = 1f / (float) Math.pow((float) b, exponent);
    }
    return inv;
  }
}
