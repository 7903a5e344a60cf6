package ai.taskaware.clip.vision;

/**
 * Which CLIP hidden state LLaVA feeds its projector ({@code mm_vision_select_layer}) and which
 * tokens of it ({@code mm_vision_select_feature}).
 *
 * @param layer index into {@code hidden_states} (0 = embeddings after {@code pre_layrnorm}, L =
 *     last layer); negative values count from the end, so LLaVA-1.5's -2 is the penultimate layer
 * @param tokens the tokens kept
 */
public record LlavaFeatureSelection(int layer, Tokens tokens) {

  /** LLaVA-1.5's choice: {@code hidden_states[-2][:, 1:]}. */
  public static final LlavaFeatureSelection LLAVA_1_5 = new LlavaFeatureSelection(-2, Tokens.PATCH);

  /** The tokens of the selected hidden state that become features. */
  public enum Tokens {
    /** Patch tokens only, the class token dropped ({@code "patch"}). */
    PATCH,
    /** The class token followed by the patch tokens ({@code "cls_patch"}). */
    CLS_PATCH
  }

  /**
   * Validates the arguments.
   *
   * @throws IllegalArgumentException when {@code tokens} is null
   */
  public LlavaFeatureSelection {
    if (tokens == null) {
      throw new IllegalArgumentException("tokens must not be null");
    }
  }

  /**
   * The non-negative index into {@code hidden_states} for a tower of {@code layers} layers.
   *
   * @throws IllegalArgumentException when the layer is outside {@code -(layers+1)..layers}
   */
  public int resolve(int layers) {
    int index = layer < 0 ? layers + 1 + layer : layer;
    if (index < 0 || index > layers) {
      throw new IllegalArgumentException(
          "LLaVA feature layer "
              + layer
              + " is outside hidden_states 0.."
              + layers
              + " (or -1..-"
              + (layers + 1)
              + ")");
    }
    return index;
  }
}
