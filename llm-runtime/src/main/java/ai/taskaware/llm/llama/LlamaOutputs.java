package ai.taskaware.llm.llama;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one decoder call returns.
 *
 * @param logits {@code [B, S, vocab]} float32
 * @param hiddenStates {@code hidden_states.0..L} when asked for, else empty
 * @param present the cache including the new positions
 */
public record LlamaOutputs(INDArray logits, List<INDArray> hiddenStates, KvCache present) {

  /** Copies the hidden-state list. */
  public LlamaOutputs {
    hiddenStates = List.copyOf(hiddenStates);
  }
}
