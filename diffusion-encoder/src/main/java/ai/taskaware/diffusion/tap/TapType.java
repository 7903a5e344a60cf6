package ai.taskaware.diffusion.tap;

/**
 * What a tap reads. Shapes use B = batch, C = channels of the level, HW = latent pixels of the
 * level (row-major {@code h·W + w}), S = text tokens (77).
 */
public enum TapType {
  /** Sinusoidal timestep embedding, {@code time_proj}: B×C₀. */
  TIME_PROJ(Parts.NONE, null, null, "time_proj"),
  /** Timestep MLP output, {@code time_embedding}: B×4C₀. */
  TIME_EMBEDDING(Parts.NONE, null, null, "time_embedding"),
  /** {@code conv_in} output: B×C₀×H×W. */
  CONV_IN(Parts.NONE, null, null, "conv_in"),
  /** Output GroupNorm, before its SiLU, {@code conv_norm_out}: B×C₀×H×W. */
  CONV_NORM_OUT(Parts.NONE, null, null, "conv_norm_out"),
  /** The U-Net's output ({@code conv_out}): B×4×H×W. */
  NOISE_PRED(Parts.NONE, null, null, "noise_pred"),
  /** A block's output, after its down/upsampler: B×C×H×W. */
  BLOCK_OUT(Parts.LEVEL, null, null, ""),
  /** A ResnetBlock2D output (paper Res-Out): B×C×H×W. */
  RES_OUT(Parts.REPEAT, "Res-Out", "res-out", ".resnets.%r"),
  /** A Transformer2DModel output, residual included (paper Vit-Out): B×C×H×W. */
  VIT_OUT(Parts.REPEAT, "Vit-Out", "vit-out", ".attentions.%r"),
  /** A BasicTransformerBlock output, after its feed-forward residual (paper Out): B×HW×C. */
  OUT(Parts.BLOCK, "Out", "out", ".attentions.%r.transformer_blocks.%b"),
  /** Self-attention query, {@code attn1.to_q}: B×HW×C. */
  SELF_Q(Parts.BLOCK, "Self-Q", "self-q", ".attentions.%r.transformer_blocks.%b.attn1.to_q"),
  /** Self-attention key, {@code attn1.to_k}: B×HW×C. */
  SELF_K(Parts.BLOCK, "Self-K", "self-k", ".attentions.%r.transformer_blocks.%b.attn1.to_k"),
  /** Self-attention value, {@code attn1.to_v}: B×HW×C. */
  SELF_V(Parts.BLOCK, "Self-V", "self-v", ".attentions.%r.transformer_blocks.%b.attn1.to_v"),
  /** Self-attention output after {@code to_out}, before the residual ({@code attn1}): B×HW×C. */
  SELF_ATTN(Parts.BLOCK, null, null, ".attentions.%r.transformer_blocks.%b.attn1"),
  /** Cross-attention query, {@code attn2.to_q}: B×HW×C. */
  CROSS_Q(Parts.BLOCK, "Cross-Q", "cross-q", ".attentions.%r.transformer_blocks.%b.attn2.to_q"),
  /** Cross-attention key of the text, {@code attn2.to_k}: B×S×C. */
  CROSS_K(Parts.BLOCK, "Cross-K", "cross-k", ".attentions.%r.transformer_blocks.%b.attn2.to_k"),
  /** Cross-attention value of the text, {@code attn2.to_v}: B×S×C. */
  CROSS_V(Parts.BLOCK, "Cross-V", "cross-v", ".attentions.%r.transformer_blocks.%b.attn2.to_v"),
  /** Cross-attention output after {@code to_out}, before the residual ({@code attn2}): B×HW×C. */
  CROSS_ATTN(Parts.BLOCK, null, null, ".attentions.%r.transformer_blocks.%b.attn2"),
  /**
   * Cross-attention scaled logits {@code q·kᵀ/√d} per head, before the softmax (what DiscFFusion
   * pools): B×heads×HW×S.
   */
  CROSS_LOGITS(Parts.BLOCK, "Cross-Logits", "cross-logits", null),
  /** Cross-attention maps {@code softmax(q·kᵀ/√d)} per head (paper Cross-Map): B×heads×HW×S. */
  CROSS_MAP(Parts.BLOCK, "Cross-Map", "cross-map", null),
  /**
   * The same maps in diffusers' {@code attention_probs} layout, {@code attn2.attn_probs}:
   * (B·heads)×HW×S, row {@code b·heads + h}.
   */
  ATTN_PROBS(Parts.BLOCK, null, null, ".attentions.%r.transformer_blocks.%b.attn2.attn_probs");

  /** Which of level, repeat and block a tap of this type has. */
  enum Parts {
    NONE,
    LEVEL,
    REPEAT,
    BLOCK
  }

  private final Parts parts;
  private final String paper;
  private final String generic;
  private final String diffusers;

  TapType(Parts parts, String paper, String generic, String diffusers) {
    this.parts = parts;
    this.paper = paper;
    this.generic = generic;
    this.diffusers = diffusers;
  }

  Parts parts() {
    return parts;
  }

  /** The type word of the paper's grammar, or null when the paper has none. */
  String paper() {
    return paper;
  }

  /** The type word of the generic-diffusion-feature spelling, or null. */
  String generic() {
    return generic;
  }

  /**
   * The diffusers path: the whole name for model-level types, else the suffix after the block with
   * {@code %r}/{@code %b} placeholders; null when diffusers has no such value.
   */
  String diffusers() {
    return diffusers;
  }

  /**
   * True for values that depend only on the timestep or the text, not on the latent: a slice reads
   * them without running the U-Net up to their block.
   */
  public boolean independentOfSample() {
    return this == TIME_PROJ || this == TIME_EMBEDDING || this == CROSS_K || this == CROSS_V;
  }
}
