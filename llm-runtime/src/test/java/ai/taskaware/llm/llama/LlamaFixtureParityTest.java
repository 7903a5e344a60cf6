package ai.taskaware.llm.llama;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.checkpoint.SafetensorsFile;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parity with transformers 4.31's {@code LlamaForCausalLM} on the tiny Vicuna-shaped fixture (width
 * 64, 2 layers, 4 heads; reference.safetensors made by the real code).
 */
class LlamaFixtureParityTest {
  private static final double TOLERANCE = 1e-4;
  private static LlamaModel model;
  private static SafetensorsFile reference;

  @BeforeAll
  static void load() throws Exception {
    Path folder =
        Path.of(LlamaFixtureParityTest.class.getResource("/llama/config.json").toURI()).getParent();
    model = LlamaModel.load(folder);
    reference = SafetensorsFile.open(folder.resolve("reference.safetensors"));
  }

  @AfterAll
  static void close() {
    model.close();
    reference.close();
  }

  static double maxAbsDiff(INDArray a, INDArray b) {
    assertThat(a.shape()).isEqualTo(b.shape());
    return a.sub(b).amaxNumber().doubleValue();
  }

  private static void assertClose(String name, INDArray actual, INDArray expected) {
    double d = maxAbsDiff(actual.castTo(DataType.FLOAT), expected.castTo(DataType.FLOAT));
    System.out.printf("llama fixture %-28s max|diff| = %.3e%n", name, d);
    assertThat(d).as(name).isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void fullForwardMatchesLogitsAndAllHiddenStates() {
    INDArray ids = reference.array("input_ids");
    INDArray embeds = model.embed(ids);
    LlamaOutputs out = model.forward(LlamaInputs.prefill(embeds, model.emptyCache(2)), true);
    assertClose("logits", out.logits(), reference.floatArray("logits"));
    assertThat(out.hiddenStates()).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertClose(
          "hidden_states." + i,
          out.hiddenStates().get(i),
          reference.floatArray("hidden_states." + i));
    }
  }

  @Test
  void perLayerOutputsMatchTheForwardHooks() {
    INDArray embeds = model.embed(reference.array("input_ids"));
    var out =
        model.run(
            LlamaInputs.prefill(embeds, model.emptyCache(2)),
            java.util.Set.of("layer_output.0", "layer_output.1"));
    for (int i = 0; i < 2; i++) {
      assertClose(
          "layer_output." + i,
          out.get("layer_output." + i),
          reference.floatArray("layer_output." + i));
    }
  }

  @Test
  void compiledGraphsAreCachedOnDisk(@org.junit.jupiter.api.io.TempDir Path cacheDir)
      throws Exception {
    Path folder =
        Path.of(LlamaFixtureParityTest.class.getResource("/llama/config.json").toURI()).getParent();
    var options =
        new LlamaModel.Options(
            ai.taskaware.core.runtime.RuntimeOptions.cpu(),
            ai.taskaware.core.graph.WeightPolicy.KEEP_AND_CAST,
            new ai.taskaware.core.runtime.OnnxModelCache(cacheDir));
    INDArray ids = reference.array("input_ids");
    for (int round = 0; round < 2; round++) {
      try (LlamaModel cached = LlamaModel.load(folder, options)) {
        LlamaOutputs out =
            cached.forward(LlamaInputs.prefill(cached.embed(ids), cached.emptyCache(2)), false);
        assertClose(
            "cached round " + round + " logits", out.logits(), reference.floatArray("logits"));
      }
      try (var entries = java.nio.file.Files.list(cacheDir)) {
        assertThat(entries.filter(p -> !p.getFileName().toString().startsWith(".")).count())
            .as("one entry per graph (embedding, decoder)")
            .isEqualTo(2);
      }
    }
  }

  @Test
  void inputsEmbedsVariantMatches() {
    INDArray embeds = reference.floatArray("inputs_embeds");
    LlamaOutputs out = model.forward(LlamaInputs.prefill(embeds, model.emptyCache(2)), true);
    assertClose("embeds.logits", out.logits(), reference.floatArray("embeds.logits"));
    for (int i = 0; i < 3; i++) {
      assertClose(
          "embeds.hidden_states." + i,
          out.hiddenStates().get(i),
          reference.floatArray("embeds.hidden_states." + i));
    }
  }

  @Test
  void prefillThenFourCachedDecodeStepsMatch() {
    INDArray ids = reference.array("input_ids");
    INDArray prefillIds = ids.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 8)).dup();
    LlamaOutputs out =
        model.forward(LlamaInputs.prefill(model.embed(prefillIds), model.emptyCache(2)), false);
    assertClose("kv.prefill_logits", out.logits(), reference.floatArray("kv.prefill_logits"));
    assertCache("kv.prefill_past", out.present());
    KvCache cache = out.present();
    for (int t = 8; t < 12; t++) {
      INDArray step = ids.get(NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1)).dup();
      INDArray mask = Nd4j.ones(DataType.LONG, 2, t + 1);
      INDArray positions = Nd4j.createFromArray(new long[][] {{t}, {t}});
      out = model.forward(new LlamaInputs(model.embed(step), mask, positions, cache), false);
      assertClose("kv.step_logits." + t, out.logits(), reference.floatArray("kv.step_logits." + t));
      cache = out.present();
    }
    assertThat(cache.length()).isEqualTo(12);
    assertCache("kv.final_past", cache);
  }

  @Test
  void leftPaddedBatchMatchesAtUnpaddedPositions() {
    INDArray ids = reference.array("leftpad.input_ids");
    INDArray mask = reference.array("leftpad.attention_mask");
    INDArray positions = LlamaInputs.positionsFromMask(mask, 12);
    assertThat(positions.castTo(DataType.LONG))
        .isEqualTo(reference.array("leftpad.position_ids").castTo(DataType.LONG));
    LlamaOutputs out =
        model.forward(
            new LlamaInputs(model.embed(ids), mask, positions, model.emptyCache(2)), false);
    INDArray expected = reference.floatArray("leftpad.logits");
    long[] m = mask.castTo(DataType.LONG).dup('c').data().asLong();
    double worst = 0;
    int compared = 0;
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 12; c++) {
        if (m[r * 12 + c] == 1) {
          INDArray a = out.logits().get(NDArrayIndex.point(r), NDArrayIndex.point(c)).dup();
          INDArray e = expected.get(NDArrayIndex.point(r), NDArrayIndex.point(c)).dup();
          worst = Math.max(worst, maxAbsDiff(a, e));
          compared++;
        }
      }
    }
    System.out.printf(
        "llama fixture %-28s max|diff| = %.3e over %d positions%n",
        "leftpad.logits", worst, compared);
    assertThat(compared).isEqualTo(21);
    assertThat(worst).isLessThanOrEqualTo(TOLERANCE);
  }

  private static void assertCache(String prefix, KvCache cache) {
    for (int l = 0; l < 2; l++) {
      assertClose(
          prefix + "." + l + ".key",
          cache.keys().get(l),
          reference.floatArray(prefix + "." + l + ".key"));
      assertClose(
          prefix + "." + l + ".value",
          cache.values().get(l),
          reference.floatArray(prefix + "." + l + ".value"));
    }
  }
}
