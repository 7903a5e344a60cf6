package ai.taskaware.clip.text;

import static ai.taskaware.clip.Fixtures.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.clip.ClipCheckpoint;
import ai.taskaware.clip.ClipRuntime;
import ai.taskaware.clip.Fixtures;
import ai.taskaware.core.checkpoint.SafetensorsFile;
import ai.taskaware.core.runtime.OnnxSession;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The text graph against transformers 4.31's CLIPTextModel (SD2.1 text encoder shape). */
class ClipTextParityTest {
  private static final double TOLERANCE = 1e-4;

  private static Map<String, INDArray> run(
      Set<String> outputs, ClipTextGraph.Options options, INDArray ids, INDArray mask) {
    try (ClipCheckpoint checkpoint = ClipCheckpoint.open(Fixtures.resource("clip_text"));
        OnnxSession session =
            ClipRuntime.cpu()
                .open(ClipTextGraph.build(checkpoint, outputs, options), checkpoint, "test")) {
      Map<String, INDArray> feeds = new HashMap<>();
      feeds.put(ClipTextGraph.INPUT_IDS, ids);
      if (mask != null) {
        feeds.put(ClipTextGraph.ATTENTION_MASK, mask);
      }
      return session.run(feeds, outputs);
    }
  }

  private static void check(String label, INDArray actual, INDArray expected) {
    double diff = maxAbsDiff(actual, expected);
    System.out.printf("clip_text %-40s max|diff| = %.3g%n", label, diff);
    assertThat(diff).as(label).isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void hiddenStatesLastHiddenStateAndPooledMatchTransformers() {
    try (SafetensorsFile ref = Fixtures.reference("clip_text/reference.safetensors")) {
      Set<String> outputs =
          Set.of(
              "hidden_states.0",
              "hidden_states.1",
              "hidden_states.2",
              ClipTextGraph.LAST_HIDDEN_STATE,
              ClipTextGraph.POOLER_OUTPUT);
      Map<String, INDArray> out =
          run(outputs, ClipTextGraph.Options.STABLE_DIFFUSION, ref.array("input_ids"), null);
      for (String name : outputs) {
        check(name, out.get(name), ref.floatArray(name));
      }
    }
  }

  @Test
  void clipSkipEosPaddingAndAttentionMaskVariantsMatchTransformers() {
    try (SafetensorsFile ref = Fixtures.reference("clip_text/reference.safetensors")) {
      INDArray skip =
          run(
                  Set.of(ClipTextGraph.PROMPT_EMBEDS),
                  new ClipTextGraph.Options(1, false),
                  ref.array("input_ids"),
                  null)
              .get(ClipTextGraph.PROMPT_EMBEDS);
      check("clip_skip=1 prompt_embeds", skip, ref.floatArray("clip_skip1_prompt_embeds"));

      Map<String, INDArray> eos =
          run(
              Set.of(ClipTextGraph.LAST_HIDDEN_STATE, ClipTextGraph.POOLER_OUTPUT),
              ClipTextGraph.Options.STABLE_DIFFUSION,
              ref.array("input_ids_eos_padded"),
              null);
      check(
          "EOS-padded last_hidden_state",
          eos.get(ClipTextGraph.LAST_HIDDEN_STATE),
          ref.floatArray("last_hidden_state_eos_padded"));
      check(
          "EOS-padded pooler_output (first EOS)",
          eos.get(ClipTextGraph.POOLER_OUTPUT),
          ref.floatArray("pooler_output_eos_padded"));

      INDArray masked =
          run(
                  Set.of(ClipTextGraph.LAST_HIDDEN_STATE),
                  new ClipTextGraph.Options(0, true),
                  ref.array("input_ids"),
                  ref.array("attention_mask"))
              .get(ClipTextGraph.LAST_HIDDEN_STATE);
      check(
          "attention-mask last_hidden_state",
          masked,
          ref.floatArray("last_hidden_state_with_attention_mask"));
      // the variants are only evidence if they differ from the plain output
      assertThat(maxAbsDiff(masked, ref.floatArray("last_hidden_state"))).isGreaterThan(1e-2);
      assertThat(maxAbsDiff(skip, ref.floatArray("last_hidden_state"))).isGreaterThan(1e-2);
    }
  }
}
