package ai.taskaware.diffusion.itm;

/**
 * How cross-attention becomes one image–text score. Notation: for a chosen cross-attention layer ℓ
 * and timestep t, {@code Z[h, p, j] = q·kᵀ/√d} are the scaled logits of head h, latent pixel p of
 * the layer and text position j (77 positions), and {@code A = softmax_j(Z)} the attention maps.
 */
public enum CrossAttentionPooling {
  /**
   * The paper's (Agarwal et al., Table 1), as we read "LogSumExp pooling over cross-attention maps
   * summed over layers and timesteps": the head-mean maps {@code Ā_{ℓ,t}[p, j]} of every chosen
   * layer are brought to the grid of the finest chosen layer (nearest neighbour, {@code src =
   * floor(dst·in/out)} per axis, so coarse pixels are repeated) and summed over layers and
   * timesteps into {@code M[p, j]}; each of the text's own tokens j is pooled over the pixels,
   * {@code log Σ_p exp(M[p, j])}, and the score is the mean over those tokens. Only the text's BPE
   * tokens count (positions 1..n after truncation to 75): not BOS, whose map is an attention sink
   * that does not depend on the text, not EOS and not the padding.
   */
  PAPER_LOGSUMEXP("sd-xattn-lse"),
  /**
   * DiscFFusion's (He et al.): per layer and timestep, {@code mean_{h,p} log Σ_j exp(Z[h, p, j])}
   * over all 77 positions (BOS, EOS and padding included, as the method defines it), then the mean
   * over layers and timesteps.
   */
  DISCFFUSION("sd-xattn-discffusion");

  private final String scorerName;

  CrossAttentionPooling(String scorerName) {
    this.scorerName = scorerName;
  }

  /** The scorer name for tables and result files. */
  public String scorerName() {
    return scorerName;
  }
}
