package ai.taskaware.core.model;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns prompts into per-token hidden states, e.g. Stable Diffusion 2.1's OpenCLIP text tower whose
 * {@code last_hidden_state} (all 77 positions) conditions the U-Net.
 *
 * <p>Implementations are thread-safe and own native resources: close them.
 */
public interface TextEncoder extends AutoCloseable {

  /**
   * Encodes a batch of prompts.
   *
   * @param prompts one text per row; the empty string is the unconditional prompt
   * @return hidden states of shape {@code (prompts.size(), maxTokens(), hiddenSize())}, float32
   */
  INDArray encode(List<String> prompts);

  /** Sequence length of every encoded prompt (77 for CLIP text towers). */
  int maxTokens();

  /** Width of each token's hidden state (1024 for SD2.1's text encoder). */
  int hiddenSize();

  @Override
  void close();
}
