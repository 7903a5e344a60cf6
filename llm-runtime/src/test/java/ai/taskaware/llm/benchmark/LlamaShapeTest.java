package ai.taskaware.llm.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.core.checkpoint.Checkpoints;
import ai.taskaware.core.checkpoint.TensorSource;
import ai.taskaware.core.checkpoint.config.LlamaConfig;
import ai.taskaware.llm.llama.LlamaInputs;
import ai.taskaware.llm.llama.LlamaModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Named shapes and their generated checkpoints, single-file and sharded. */
class LlamaShapeTest {

  @TempDir Path dir;

  @Test
  void vicunaShapeHasLlama2SevenBsParameterCountAndConfig() throws Exception {
    // Llama-2-7b / Vicuna-7B-v1.5: 6,738,415,616 parameters (HF model card and safetensors index)
    assertThat(LlamaShape.VICUNA_7B.parameters()).isEqualTo(6_738_415_616L);
    assertThat(LlamaShape.named("vicuna-7b")).isSameAs(LlamaShape.VICUNA_7B);
    assertThatThrownBy(() -> LlamaShape.named("llama-70b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tinyllama-1.1b");
  }

  @Test
  void shardedAndSingleFileCheckpointsHoldTheSameWeightsAndLogits() throws Exception {
    Path single = LlamaShape.TINY.writeRandomCheckpoint(dir.resolve("single"), 5);
    Path sharded = LlamaShape.TINY.writeRandomCheckpoint(dir.resolve("sharded"), 5, 200_000);
    assertThat(single.resolve("model.safetensors")).exists();
    assertThat(sharded.resolve("model.safetensors.index.json")).exists();
    try (var files = Files.list(sharded)) {
      assertThat(files.filter(f -> f.toString().endsWith(".safetensors")).count()).isGreaterThan(2);
    }
    LlamaConfig config = LlamaConfig.read(sharded.resolve("config.json"));
    assertThat(config.hiddenSize()).isEqualTo(128);
    assertThat(config.maxPositionEmbeddings()).isEqualTo(2048);
    try (TensorSource a = Checkpoints.openWeights(single);
        TensorSource b = Checkpoints.openWeights(sharded)) {
      assertThat(b.names()).containsExactlyInAnyOrderElementsOf(a.names());
      INDArray w = a.floatArray("model.layers.1.mlp.down_proj.weight");
      assertThat(b.floatArray("model.layers.1.mlp.down_proj.weight")).isEqualTo(w);
      // N(0, 0.02²) values: sample std within 5% of 0.02 over 45k values, mean near 0
      assertThat(w.stdNumber().doubleValue()).isBetween(0.019, 0.021);
      assertThat(Math.abs(w.meanNumber().doubleValue())).isLessThan(0.001);
      assertThat(a.floatArray("model.norm.weight").minNumber().doubleValue()).isEqualTo(1.0);
    }
    INDArray ids = Nd4j.createFromArray(new long[][] {{1, 17, 42, 99}});
    try (LlamaModel m1 = LlamaModel.load(single);
        LlamaModel m2 = LlamaModel.load(sharded)) {
      INDArray l1 =
          m1.forward(LlamaInputs.prefill(m1.embed(ids), m1.emptyCache(1)), false).logits();
      INDArray l2 =
          m2.forward(LlamaInputs.prefill(m2.embed(ids), m2.emptyCache(1)), false).logits();
      assertThat(l2).isEqualTo(l1);
    }
  }
}
