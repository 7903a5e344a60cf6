package ai.taskaware.llm.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.core.checkpoint.CheckpointException;
import ai.taskaware.core.graph.WeightPolicy;
import ai.taskaware.core.runtime.RuntimeOptions;
import ai.taskaware.llm.llama.TinyLlamaCheckpoint.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The graph against {@link ReferenceLlama} (double precision, written from the transformers 4.31
 * code) on generated checkpoints: grouped- and multi-query attention, other eps and rope_theta,
 * linear and dynamic RoPE scaling, tied heads, sharded and half-precision files.
 */
class LlamaReferenceParityTest {
  private static final double TOLERANCE = 1e-4;

  @TempDir Path dir;

  private static int[] ids(int n, int vocab, long seed) {
    Random r = new Random(seed);
    int[] ids = new int[n];
    ids[0] = 1;
    for (int i = 1; i < n; i++) {
      ids[i] = 3 + r.nextInt(vocab - 3);
    }
    return ids;
  }

  private static INDArray row(int[] ids) {
    long[] l = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      l[i] = ids[i];
    }
    return Nd4j.createFromArray(new long[][] {l});
  }

  private static double maxDiff(INDArray actual, double[][] expected) {
    INDArray e = Nd4j.createFromArray(expected).castTo(DataType.FLOAT);
    return actual.reshape(e.shape()).sub(e).amaxNumber().doubleValue();
  }

  private double fullForwardDiff(
      String label,
      TinyLlamaCheckpoint ckpt,
      DataType dtype,
      long shardBytes,
      WeightPolicy policy,
      int length)
      throws Exception {
    Path folder = ckpt.write(dir.resolve(label), dtype, shardBytes);
    int[] ids = ids(length, ckpt.spec.vocab(), 7);
    ReferenceLlama.Result ref = new ReferenceLlama(ckpt).forward(ids);
    try (LlamaModel model =
        LlamaModel.load(folder, new LlamaModel.Options(RuntimeOptions.cpu(), policy, null))) {
      LlamaOutputs out =
          model.forward(LlamaInputs.prefill(model.embed(row(ids)), model.emptyCache(1)), true);
      double worst = maxDiff(out.logits(), ref.logits());
      for (int i = 0; i < out.hiddenStates().size(); i++) {
        worst = Math.max(worst, maxDiff(out.hiddenStates().get(i), ref.hidden()[i]));
      }
      System.out.printf("llama reference %-34s max|diff| (logits, hidden) = %.3e%n", label, worst);
      return worst;
    }
  }

  @Test
  void groupedQueryAttention() throws Exception {
    TinyLlamaCheckpoint ckpt = new TinyLlamaCheckpoint(Spec.small().withKvHeads(2), 11);
    assertThat(fullForwardDiff("gqa-kv2", ckpt, DataType.FLOAT, 0, WeightPolicy.KEEP_AND_CAST, 12))
        .isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void multiQueryOtherEpsThetaAndLinearScalingFromShards() throws Exception {
    Spec spec = Spec.small().withKvHeads(1).withEps(1e-3).withRope(500000, "linear", 2.0, 8);
    TinyLlamaCheckpoint ckpt = new TinyLlamaCheckpoint(spec, 12);
    assertThat(
            fullForwardDiff(
                "mqa-eps1e-3-theta5e5-linear2-sharded",
                ckpt,
                DataType.FLOAT,
                20_000,
                WeightPolicy.KEEP_AND_CAST,
                14))
        .isLessThanOrEqualTo(TOLERANCE);
    assertThat(
            Files.exists(
                dir.resolve("mqa-eps1e-3-theta5e5-linear2-sharded")
                    .resolve("model.safetensors.index.json")))
        .isTrue();
  }

  @Test
  void dynamicScalingBeyondTheTrainedContext() throws Exception {
    Spec spec = Spec.small().withRope(10000, "dynamic", 2.0, 8);
    TinyLlamaCheckpoint ckpt = new TinyLlamaCheckpoint(spec, 13);
    // 12 positions > max_position_embeddings 8: the NTK base is rescaled
    assertThat(
            fullForwardDiff(
                "dynamic2-len12-over-8", ckpt, DataType.FLOAT, 0, WeightPolicy.KEEP_AND_CAST, 12))
        .isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void tiedHeadWithHalfPrecisionWeights() throws Exception {
    TinyLlamaCheckpoint bf16 =
        new TinyLlamaCheckpoint(Spec.small().withTied(true), 14).roundedTo(DataType.BFLOAT16);
    assertThat(
            fullForwardDiff(
                "tied-bf16-keep-and-cast",
                bf16,
                DataType.BFLOAT16,
                0,
                WeightPolicy.KEEP_AND_CAST,
                10))
        .isLessThanOrEqualTo(TOLERANCE);
    TinyLlamaCheckpoint fp16 =
        new TinyLlamaCheckpoint(Spec.small().withTied(true), 15).roundedTo(DataType.HALF);
    assertThat(
            fullForwardDiff(
                "tied-fp16-convert", fp16, DataType.HALF, 0, WeightPolicy.CONVERT_TO_FLOAT, 10))
        .isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void groupedQueryDecodeStepsOnLeftPaddedBatch() throws Exception {
    TinyLlamaCheckpoint ckpt = new TinyLlamaCheckpoint(Spec.small().withKvHeads(2), 16);
    Path folder = ckpt.write(dir.resolve("gqa-decode"), DataType.FLOAT, 0);
    int[] a = ids(8, 60, 21);
    int[] b = ids(6, 60, 22);
    ReferenceLlama reference = new ReferenceLlama(ckpt);
    double[][] refA = reference.forward(a).logits();
    double[][] refB = reference.forward(b).logits();
    INDArray tokens =
        Nd4j.createFromArray(
            new long[][] {
              {a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]},
              {0, 0, b[0], b[1], b[2], b[3], b[4], b[5]}
            });
    INDArray fullMask =
        Nd4j.createFromArray(new long[][] {{1, 1, 1, 1, 1, 1, 1, 1}, {0, 0, 1, 1, 1, 1, 1, 1}});
    double worst = 0;
    try (LlamaModel model = LlamaModel.load(folder)) {
      INDArray mask = fullMask.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 5)).dup();
      INDArray prefill = tokens.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 5)).dup();
      LlamaOutputs out =
          model.forward(
              new LlamaInputs(
                  model.embed(prefill),
                  mask,
                  LlamaInputs.positionsFromMask(mask, 5),
                  model.emptyCache(2)),
              false);
      KvCache cache = out.present();
      for (int t = 5; t < 8; t++) {
        mask = fullMask.get(NDArrayIndex.all(), NDArrayIndex.interval(0, t + 1)).dup();
        INDArray step = tokens.get(NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1)).dup();
        out =
            model.forward(
                new LlamaInputs(
                    model.embed(step), mask, LlamaInputs.positionsFromMask(mask, 1), cache),
                false);
        cache = out.present();
        INDArray logits = out.logits();
        worst =
            Math.max(
                worst,
                maxDiff(
                    logits.get(NDArrayIndex.point(0), NDArrayIndex.point(0)).dup(),
                    new double[][] {refA[t]}));
        worst =
            Math.max(
                worst,
                maxDiff(
                    logits.get(NDArrayIndex.point(1), NDArrayIndex.point(0)).dup(),
                    new double[][] {refB[t - 2]}));
      }
      assertThat(cache.keys().get(0).shape()).containsExactly(2, 2, 8, 8);
    }
    System.out.printf(
        "llama reference %-34s max|diff| step logits = %.3e%n", "gqa-leftpad-decode", worst);
    assertThat(worst).isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void unknownArchitectureAndRopeScalingAreRejectedByName() throws Exception {
    TinyLlamaCheckpoint ckpt = new TinyLlamaCheckpoint(Spec.small(), 17);
    Path folder = ckpt.write(dir.resolve("mistral"), DataType.FLOAT, 0);
    Files.writeString(folder.resolve("config.json"), ckpt.configJson("MistralForCausalLM"));
    assertThatThrownBy(() -> LlamaModel.load(folder))
        .isInstanceOf(UnsupportedArchitectureException.class)
        .hasMessageContaining("MistralForCausalLM")
        .hasMessageContaining("LlamaForCausalLM");

    TinyLlamaCheckpoint yarn =
        new TinyLlamaCheckpoint(Spec.small().withRope(10000, "yarn", 4, 64), 18);
    Path yarnFolder = yarn.write(dir.resolve("yarn"), DataType.FLOAT, 0);
    assertThatThrownBy(() -> LlamaModel.load(yarnFolder))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("rope_scaling")
        .hasMessageContaining("yarn");
  }

  @Test
  void sequencesLongerThanTheContextAreATypedError() throws Exception {
    TinyLlamaCheckpoint ckpt =
        new TinyLlamaCheckpoint(Spec.small().withRope(10000, null, 1, 6), 19);
    Path folder = ckpt.write(dir.resolve("short"), DataType.FLOAT, 0);
    try (LlamaModel model = LlamaModel.load(folder)) {
      INDArray embeds = model.embed(row(ids(7, 60, 3)));
      assertThatThrownBy(
              () -> model.forward(LlamaInputs.prefill(embeds, model.emptyCache(1)), false))
          .isInstanceOf(PromptTooLongException.class)
          .hasMessageContaining("7")
          .hasMessageContaining("6");
    }
  }
}
