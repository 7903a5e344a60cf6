package ai.taskaware.llm.llama;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.checkpoint.Checkpoints;
import ai.taskaware.core.checkpoint.TensorSource;
import ai.taskaware.core.checkpoint.config.LlamaConfig;
import ai.taskaware.core.graph.WeightPolicy;
import ai.taskaware.core.runtime.RuntimeOptions;
import ai.taskaware.llm.llama.TinyLlamaCheckpoint.Spec;
import ai.taskaware.llm.quant.Int8Blocks;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link LinearWeights#INT8_BLOCK256} on generated checkpoints: ORT's 8-bit {@code MatMulNBits}
 * computes with the packed values (weights already on the 8-bit grid reproduce the float32 graph up
 * to the kernel's int8 activations), ordinary weights stay close to float32, and the packed bytes
 * are the documented 1 + 4/256 per parameter.
 */
class Int8LinearsTest {

  @TempDir Path dir;

  // hidden 256 and MLP 384: K = 384 leaves a padded half block
  private static final Spec SPEC =
      new Spec(128, 256, 384, 2, 4, 2, 1e-6, 10000, null, 1, 64, false);

  private static INDArray ids(int n, int vocab, long seed) {
    Random r = new Random(seed);
    long[] ids = new long[n];
    ids[0] = 1;
    for (int i = 1; i < n; i++) {
      ids[i] = 3 + r.nextInt(vocab - 3);
    }
    return Nd4j.createFromArray(new long[][] {ids});
  }

  private static INDArray logits(Path folder, LinearWeights format, INDArray ids) {
    LlamaModel.Options options =
        new LlamaModel.Options(RuntimeOptions.cpu(), WeightPolicy.KEEP_AND_CAST, null)
            .withLinearWeights(format);
    try (LlamaModel model = LlamaModel.load(folder, options)) {
      return model
          .forward(LlamaInputs.prefill(model.embed(ids), model.emptyCache(1)), false)
          .logits();
    }
  }

  /** Linear weights at std 1/√fan-in, as trained weights roughly are (see CompactLinearsTest). */
  private static TinyLlamaCheckpoint linearsScaled(TinyLlamaCheckpoint ckpt, boolean onGrid) {
    for (Map.Entry<String, double[][]> e : ckpt.weights.entrySet()) {
      if (!e.getKey().endsWith("proj.weight") && !e.getKey().equals("lm_head.weight")) {
        continue;
      }
      double[][] w = e.getValue();
      int rows = w.length;
      int cols = w[0].length;
      double squares = 0;
      for (double[] row : w) {
        for (double v : row) {
          squares += v * v;
        }
      }
      double factor = 1 / Math.sqrt(squares / ((double) rows * cols) * cols);
      float[] flat = new float[rows * cols];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          flat[r * cols + c] = (float) (w[r][c] * factor);
        }
      }
      float[] values = onGrid ? Int8Blocks.quantize(flat, rows, cols, 256).dequantize() : flat;
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          w[r][c] = values[r * cols + c];
        }
      }
    }
    return ckpt;
  }

  private static double relativeRms(INDArray a, INDArray reference) {
    return a.sub(reference).norm2Number().doubleValue() / reference.norm2Number().doubleValue();
  }

  @Test
  void eightBitGridWeightsReproduceTheFloat32Graph() throws Exception {
    Path folder =
        linearsScaled(new TinyLlamaCheckpoint(SPEC, 41), true)
            .write(dir.resolve("grid"), DataType.FLOAT, 0);
    INDArray ids = ids(16, SPEC.vocab(), 3);
    // FLOAT32 on grid weights is the dequantized reference
    INDArray reference = logits(folder, LinearWeights.FLOAT32, ids);
    INDArray int8 = logits(folder, LinearWeights.INT8_BLOCK256, ids);
    double rms = relativeRms(int8, reference);
    System.out.printf(
        "INT8_BLOCK256 on 8-bit-grid weights vs dequantized reference: max|diff| %.3e,"
            + " relative RMS %.2e%n",
        int8.sub(reference).amaxNumber().doubleValue(), rms);
    // what is left is the kernel's int8 activations, quantized per block of 256 (measured 2.3e-2
    // after 14 projections); a wrong byte layout or zero point gives errors of order 1
    assertThat(rms).isLessThanOrEqualTo(0.04);
  }

  @Test
  void eightBitLogitsStayCloseToFloat32AndKeepTheTopToken() throws Exception {
    Path folder =
        linearsScaled(new TinyLlamaCheckpoint(SPEC, 42), false)
            .write(dir.resolve("fp32"), DataType.FLOAT, 0);
    INDArray ids = ids(16, SPEC.vocab(), 4);
    INDArray fp32 = logits(folder, LinearWeights.FLOAT32, ids);
    INDArray int8 = logits(folder, LinearWeights.INT8_BLOCK256, ids);
    double rms = relativeRms(int8, fp32);
    long agree = fp32.argMax(2).eq(int8.argMax(2)).castTo(DataType.INT).sumNumber().longValue();
    System.out.printf(
        "INT8_BLOCK256 vs FLOAT32: max|logit diff| %.3e (max|logit| %.2f), relative RMS %.2e,"
            + " top-1 agreement %d/16%n",
        int8.sub(fp32).amaxNumber().doubleValue(), fp32.amaxNumber().doubleValue(), rms, agree);
    // measured 3.0e-2 (int8 activations 2.3e-2, 8-bit weights the rest) and 15/16
    assertThat(rms).isLessThanOrEqualTo(0.05);
    assertThat(agree).isGreaterThanOrEqualTo(14);
  }

  @Test
  void packedBytesAreOneByteAndAScalePer256Codes() throws Exception {
    Spec spec = new Spec(128, 256, 512, 1, 4, 2, 1e-6, 10000, null, 1, 64, false);
    Path folder = new TinyLlamaCheckpoint(spec, 43).write(dir.resolve("bytes"), DataType.FLOAT, 0);
    long params = 2L * 256 * 256 + 2L * 128 * 256 + 3L * 256 * 512 + 128L * 256;
    try (TensorSource w = Checkpoints.openWeights(folder);
        CompactLinears linears = new CompactLinears(LinearWeights.INT8_BLOCK256)) {
      LlamaGraphs.decoder(
          LlamaConfig.read(folder.resolve("config.json")), w, WeightPolicy.KEEP_AND_CAST, linears);
      assertThat(linears.packedBytes()).isEqualTo(Math.round(params * (1 + 4.0 / 256)));
      assertThat(LinearWeights.INT8_BLOCK256.bytesPerParameter()).isEqualTo(1 + 4.0 / 256);
    }
  }
}
