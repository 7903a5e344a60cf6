package ai.taskaware.diffusion.unet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.checkpoint.SafetensorsFile;
import ai.taskaware.core.graph.Graph;
import ai.taskaware.core.graph.Initializer;
import ai.taskaware.core.graph.Node;
import ai.taskaware.diffusion.tap.TapName;
import ai.taskaware.diffusion.tap.TapType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Slices end after the deepest requested tap: a U-L1 slice has no node or weight of up blocks 2–3
 * or the output layers, computes the same values as the full graph, and its taps match diffusers;
 * taps of the text alone need no U-Net at all.
 */
class UNetSliceTest {
  private static final String CASE = "unet-tiny/case_b1_t50_cond.safetensors";
  private static final String PROBS = "unet-tiny/case_b1_t50_cond_probs.safetensors";

  private static UNetCheckpoint checkpoint;

  @BeforeAll
  static void open() {
    checkpoint = UNetCheckpoint.open(UNetFixture.folder());
  }

  @AfterAll
  static void close() {
    checkpoint.close();
  }

  private static List<String> builtNames(Graph graph) {
    List<String> names = new ArrayList<>();
    graph.nodes().forEach(n -> names.add(n.name()));
    graph.initializers().forEach(i -> names.add(i.name()));
    return names;
  }

  @Test
  void sliceToUpLevelOneStopsThereAndAgreesWithTheFullGraphAndDiffusers() {
    List<TapName> taps =
        Stream.of(
                "U-L1-R1-B0-Cross-Q",
                "up-level1-repeat2-res-out",
                "U-L1-R1-B0-Cross-Map",
                "up_blocks.1.attentions.1")
            .map(checkpoint.layout()::resolve)
            .toList();
    UNetSlice slice = UNetGraph.slice(checkpoint, taps);
    List<TapName> withOutput = new ArrayList<>(taps);
    withOutput.add(TapName.model(TapType.NOISE_PRED));
    UNetSlice full = UNetGraph.slice(checkpoint, withOutput);

    List<String> sliced = builtNames(slice.graph());
    System.out.printf(
        "U-L1 slice: %d nodes, %d initializers; full graph: %d nodes, %d initializers%n",
        slice.graph().nodes().size(),
        slice.graph().initializers().size(),
        full.graph().nodes().size(),
        full.graph().initializers().size());
    assertThat(sliced).anyMatch(n -> n.startsWith("up_blocks.1"));
    assertThat(sliced)
        .noneMatch(
            n ->
                n.startsWith("up_blocks.2")
                    || n.startsWith("up_blocks.3")
                    || n.startsWith("conv_norm_out")
                    || n.startsWith("conv_out"));
    assertThat(builtNames(full.graph())).anyMatch(n -> n.startsWith("up_blocks.3"));

    try (SafetensorsFile reference = SafetensorsFile.open(UNetFixture.resource(CASE));
        SafetensorsFile probs = SafetensorsFile.open(UNetFixture.resource(PROBS))) {
      Map<String, INDArray> inputs = UNetFixture.inputs(reference);
      Map<String, INDArray> fromSlice = UNetFixture.run(slice, inputs);
      Map<String, INDArray> fromFull = UNetFixture.run(full, inputs);
      for (TapName t : taps) {
        double diff =
            UNetFixture.maxAbsDiff(
                fromSlice.get(slice.outputName(t)), fromFull.get(full.outputName(t)));
        System.out.printf(
            "  %-32s slice vs full max|diff| %.3e%n", t.paperName().orElse(t.toString()), diff);
        assertThat(diff).isLessThanOrEqualTo(1e-6);
      }
      INDArray q = fromSlice.get(slice.outputName(taps.get(0)));
      INDArray res = fromSlice.get(slice.outputName(taps.get(1)));
      INDArray map = fromSlice.get(slice.outputName(taps.get(2)));
      INDArray vit = fromSlice.get(slice.outputName(taps.get(3)));
      String layer = "up_blocks.1.attentions.1.transformer_blocks.0.attn2";
      double dq = UNetFixture.maxAbsDiff(q, reference.floatArray(layer + ".to_q"));
      double dr = UNetFixture.maxAbsDiff(res, reference.floatArray("up_blocks.1.resnets.2"));
      double dv = UNetFixture.maxAbsDiff(vit, reference.floatArray("up_blocks.1.attentions.1"));
      INDArray expectedMap = probs.floatArray(layer + ".attn_probs");
      long[] s = expectedMap.shape();
      double dm = UNetFixture.maxAbsDiff(map, expectedMap.reshape('c', 1, s[0], s[1], s[2]));
      System.out.printf(
          "  vs diffusers: Cross-Q %.3e, Res-Out %.3e, Vit-Out %.3e, Cross-Map %.3e%n",
          dq, dr, dv, dm);
      assertThat(dq).isLessThanOrEqualTo(1e-4);
      assertThat(dr).isLessThanOrEqualTo(1e-4);
      assertThat(dv).isLessThanOrEqualTo(1e-4);
      assertThat(dm).isLessThanOrEqualTo(1e-5);
    }
  }

  @Test
  void textOnlyTapsBuildNoUNet() {
    TapName key = checkpoint.layout().resolve("U-L2-R0-B0-Cross-K");
    TapName time = TapName.model(TapType.TIME_EMBEDDING);
    UNetSlice slice = UNetGraph.slice(checkpoint, List.of(key, time));
    Graph graph = slice.graph();
    assertThat(graph.nodes()).extracting(Node::opType).doesNotContain("Conv", "Softmax");
    assertThat(graph.initializers())
        .extracting(Initializer::name)
        .allMatch(
            n ->
                n.startsWith("up_blocks.2.attentions.0.transformer_blocks.0.attn2.to_k")
                    || n.startsWith("time_")
                    || !n.contains("."));
    try (SafetensorsFile reference = SafetensorsFile.open(UNetFixture.resource(CASE))) {
      Map<String, INDArray> out = UNetFixture.run(slice, UNetFixture.inputs(reference));
      String layer = "up_blocks.2.attentions.0.transformer_blocks.0.attn2.to_k";
      assertThat(
              UNetFixture.maxAbsDiff(out.get(slice.outputName(key)), reference.floatArray(layer)))
          .isLessThanOrEqualTo(1e-4);
      assertThat(
              UNetFixture.maxAbsDiff(
                  out.get(slice.outputName(time)), reference.floatArray("time_embedding")))
          .isLessThanOrEqualTo(1e-4);
    }
  }
}
