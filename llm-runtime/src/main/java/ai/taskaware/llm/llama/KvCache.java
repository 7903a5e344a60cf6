package ai.taskaware.llm.llama;

import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keys and values of every layer for the positions seen so far, each {@code [B, kv_heads, length,
 * head_dim]} float32, keys after RoPE (transformers' {@code past_key_values} layout).
 *
 * @param keys one array per layer
 * @param values one array per layer
 */
public record KvCache(List<INDArray> keys, List<INDArray> values) {

  /** Checks that both lists cover the same layers. */
  public KvCache {
    keys = List.copyOf(keys);
    values = List.copyOf(values);
    if (keys.size() != values.size() || keys.isEmpty()) {
      throw new IllegalArgumentException(
          "KV cache needs one key and one value array per layer, got "
              + keys.size()
              + " keys and "
              + values.size()
              + " values");
    }
  }

  /** A cache holding no positions, for a prefill. */
  public static KvCache empty(int layers, long batch, int kvHeads, int headDim) {
    INDArray none = Nd4j.create(DataType.FLOAT, batch, kvHeads, 0, headDim);
    List<INDArray> l = Collections.nCopies(layers, none);
    return new KvCache(l, l);
  }

  /** Positions held. */
  public long length() {
    return keys.get(0).size(2);
  }

  /** Rows (sequences) held. */
  public long batch() {
    return keys.get(0).size(0);
  }
}
