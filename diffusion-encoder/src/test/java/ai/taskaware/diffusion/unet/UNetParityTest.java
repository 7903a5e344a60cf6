package ai.taskaware.diffusion.unet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.checkpoint.SafetensorsFile;
import ai.taskaware.diffusion.tap.TapName;
import ai.taskaware.diffusion.tap.TapType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The full U-Net against diffusers 0.27.2 on the tiny SD2.1-layout fixture: {@code noise_pred} and
 * every saved intermediate within 1e-4, cross-attention maps within 1e-5, for batch 1 and for the
 * guidance batch [uncond; cond].
 */
class UNetParityTest {
  private static final double ACTIVATION_TOLERANCE = 1e-4;
  private static final double PROBS_TOLERANCE = 1e-5;

  private static UNetCheckpoint checkpoint;

  @BeforeAll
  static void open() {
    checkpoint = UNetCheckpoint.open(UNetFixture.folder());
  }

  @AfterAll
  static void close() {
    checkpoint.close();
  }

  @Test
  void batchOneConditionalMatchesDiffusers() {
    compare(
        "unet-tiny/case_b1_t50_cond.safetensors", "unet-tiny/case_b1_t50_cond_probs.safetensors");
  }

  @Test
  void guidanceBatchMatchesDiffusers() {
    compare("unet-tiny/case_b2_cfg_t50.safetensors", null);
  }

  private static void compare(String caseFile, String probsFile) {
    try (SafetensorsFile reference = SafetensorsFile.open(UNetFixture.resource(caseFile));
        SafetensorsFile probs =
            probsFile == null ? null : SafetensorsFile.open(UNetFixture.resource(probsFile))) {
      Map<String, INDArray> expected = new LinkedHashMap<>();
      for (String name : reference.names()) {
        if (!Set.of(UNetFixture.INPUTS).contains(name)) {
          expected.put(name, reference.floatArray(name));
        }
      }
      if (probs != null) {
        for (String name : probs.names()) {
          expected.put(name, probs.floatArray(name));
        }
      }
      Map<String, TapName> tapOf = new LinkedHashMap<>();
      List<TapName> taps = new ArrayList<>();
      for (String name : expected.keySet()) {
        TapName tap = checkpoint.layout().resolve(name);
        tapOf.put(name, tap);
        if (!taps.contains(tap)) {
          taps.add(tap);
        }
      }
      assertThat(taps).contains(TapName.model(TapType.NOISE_PRED));

      long start = System.nanoTime();
      UNetSlice slice = UNetGraph.slice(checkpoint, taps);
      Map<String, INDArray> actual = UNetFixture.run(slice, UNetFixture.inputs(reference));
      System.out.printf(
          "%s: built and ran %d taps in %.1f s%n",
          caseFile, taps.size(), (System.nanoTime() - start) / 1e9);

      List<String> failures = new ArrayList<>();
      for (Map.Entry<String, INDArray> e : expected.entrySet()) {
        TapName tap = tapOf.get(e.getKey());
        double diff = UNetFixture.maxAbsDiff(actual.get(slice.outputName(tap)), e.getValue());
        double tolerance =
            tap.type() == TapType.ATTN_PROBS ? PROBS_TOLERANCE : ACTIVATION_TOLERANCE;
        System.out.printf("  %-70s max|diff| %.3e (tol %.0e)%n", e.getKey(), diff, tolerance);
        if (!(diff <= tolerance)) {
          failures.add(e.getKey() + " " + diff);
        }
      }
      assertThat(failures).as("tensors over tolerance").isEmpty();
    }
  }
}
