package ai.taskaware.diffusion.vae;

/**
 * The two spellings of the VAE mid-block attention's projections: diffusers' current {@code
 * to_q/to_k/to_v/to_out.0} and the older {@code query/key/value/proj_attn} that SD2.1-base's VAE
 * file still uses. The group norm is {@code group_norm} in both.
 */
public enum AttentionKeys {
  /** {@code to_q}, {@code to_k}, {@code to_v}, {@code to_out.0}. */
  CURRENT("to_q", "to_k", "to_v", "to_out.0"),
  /** {@code query}, {@code key}, {@code value}, {@code proj_attn}. */
  LEGACY("query", "key", "value", "proj_attn");

  private final String query;
  private final String key;
  private final String value;
  private final String output;

  AttentionKeys(String query, String key, String value, String output) {
    this.query = query;
    this.key = key;
    this.value = value;
    this.output = output;
  }

  /** Module name of the query projection. */
  public String query() {
    return query;
  }

  /** Module name of the key projection. */
  public String key() {
    return key;
  }

  /** Module name of the value projection. */
  public String value() {
    return value;
  }

  /** Module name of the output projection. */
  public String output() {
    return output;
  }
}
