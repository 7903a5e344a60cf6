package ai.taskaware.diffusion;

import ai.taskaware.core.model.TextEncoder;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A deterministic stand-in text encoder for tests: position i of a prompt's 77 rows is a fixed
 * sinusoidal vector of the i-th character (or of padding past the end), so different prompts give
 * different, reproducible embeddings of unit scale.
 */
final class CharacterTextEncoder implements TextEncoder {
  static final int TOKENS = 77;
  private final int width;

  CharacterTextEncoder(int width) {
    this.width = width;
  }

  @Override
  public INDArray encode(List<String> prompts) {
    float[] data = new float[prompts.size() * TOKENS * width];
    for (int p = 0; p < prompts.size(); p++) {
      String text = prompts.get(p);
      for (int i = 0; i < TOKENS; i++) {
        int code = i < text.length() ? text.charAt(i) : 0;
        for (int d = 0; d < width; d++) {
          data[(p * TOKENS + i) * width + d] =
              (float) Math.sin(0.37 * code * (d + 1) + 0.11 * i + 0.5 * d);
        }
      }
    }
    return Nd4j.create(data, new long[] {prompts.size(), TOKENS, width}, 'c');
  }

  @Override
  public int maxTokens() {
    return TOKENS;
  }

  @Override
  public int hiddenSize() {
    return width;
  }

  @Override
  public void close() {}
}
