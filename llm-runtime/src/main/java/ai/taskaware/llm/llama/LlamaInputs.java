package ai.taskaware.llm.llama;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One decoder call: a prefill (empty {@code past}) or a decode step.
 *
 * @param inputsEmbeds {@code [B, S, hidden]} float32 embeddings of the new positions
 * @param attentionMask {@code [B, past + S]} int64, 1 = attend, 0 = padding
 * @param positionIds {@code [B, S]} int64 RoPE positions of the new tokens
 * @param past the cache of earlier positions ({@link KvCache#empty} for a prefill)
 */
public record LlamaInputs(
    INDArray inputsEmbeds, INDArray attentionMask, INDArray positionIds, KvCache past) {

  /** Checks shapes and types against each other; messages name the field. */
  public LlamaInputs {
    if (inputsEmbeds == null || inputsEmbeds.rank() != 3) {
      throw new IllegalArgumentException(
          "inputs_embeds must be [batch, sequence, hidden], got "
              + (inputsEmbeds == null ? "null" : Arrays.toString(inputsEmbeds.shape())));
    }
    if (past == null) {
      throw new IllegalArgumentException(
          "past_key_values are required; pass LlamaModel.emptyCache(batch) for a prefill");
    }
    long b = inputsEmbeds.size(0);
    long s = inputsEmbeds.size(1);
    long pastLength = past.length();
    if (past.batch() != b) {
      throw new IllegalArgumentException(
          "past_key_values hold " + past.batch() + " rows, inputs_embeds " + b);
    }
    requireShape("attention_mask", attentionMask, b, pastLength + s);
    requireShape("position_ids", positionIds, b, s);
    attentionMask = attentionMask.castTo(DataType.LONG);
    positionIds = positionIds.castTo(DataType.LONG);
  }

  /** A prefill of unpadded rows: mask all ones, positions 0..S-1. */
  public static LlamaInputs prefill(INDArray inputsEmbeds, KvCache empty) {
    long b = inputsEmbeds.size(0);
    long s = inputsEmbeds.size(1);
    INDArray mask = Nd4j.ones(DataType.LONG, b, s);
    return new LlamaInputs(inputsEmbeds, mask, positionsFromMask(mask, s), empty);
  }

  /**
   * Position ids as transformers' {@code generate()} derives them from a (left-padded) mask: {@code
   * cumsum(mask) − 1}, padding positions set to 1, the last {@code newTokens} columns taken.
   */
  public static INDArray positionsFromMask(INDArray attentionMask, long newTokens) {
    long[] shape = attentionMask.shape();
    long[] m = attentionMask.castTo(DataType.LONG).dup('c').data().asLong();
    int rows = (int) shape[0];
    int cols = (int) shape[1];
    long[] out = new long[(int) (rows * newTokens)];
    for (int r = 0; r < rows; r++) {
      long sum = 0;
      for (int c = 0; c < cols; c++) {
        sum += m[r * cols + c];
        long pos = m[r * cols + c] == 0 ? 1 : sum - 1;
        int k = (int) (c - (cols - newTokens));
        if (k >= 0) {
          out[(int) (r * newTokens + k)] = pos;
        }
      }
    }
    return Nd4j.createFromArray(out).reshape(rows, newTokens);
  }

  private static void requireShape(String name, INDArray a, long rows, long cols) {
    if (a == null || a.rank() != 2 || a.size(0) != rows || a.size(1) != cols) {
      throw new IllegalArgumentException(
          name
              + " must be ["
              + rows
              + ", "
              + cols
              + "], got "
              + (a == null ? "null" : Arrays.toString(a.shape())));
    }
  }
}
