package ai.taskaware.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.checkpoint.SafetensorsFile;
import ai.taskaware.core.checkpoint.SafetensorsWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inspect llama} against transformers 4.31 on the tiny Vicuna-shaped fixture: logits and
 * hidden states from ids and from embeddings, and prefill + four cached decode steps, within 1e-4.
 */
class InspectLlamaCommandTest {
  private static final double TOLERANCE = 1e-4;

  private static Path folder() {
    return CliRun.resource("llama/config.json").getParent();
  }

  private static Path reference() {
    return CliRun.resource("llama/reference.safetensors");
  }

  /** Writes the named reference tensors into an inputs file. */
  private static Path inputs(Path dir, String... names) {
    Path in = dir.resolve("in.safetensors");
    try (SafetensorsFile ref = SafetensorsFile.open(reference())) {
      SafetensorsWriter w = new SafetensorsWriter();
      for (String n : names) {
        w.add(n, ref.array(n));
      }
      w.write(in);
    }
    return in;
  }

  private static CliRun inspect(Path in, Path out, String... extra) {
    String[] base = {
      "inspect",
      "llama",
      "--checkpoint",
      folder().toString(),
      "--inputs",
      in.toString(),
      "--out",
      out.toString()
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRun.of(args);
  }

  /** Compares each output (key) with its reference tensor (value); returns the worst difference. */
  private static double compare(Path out, Map<String, String> expected) {
    double worst = 0;
    try (SafetensorsFile ref = SafetensorsFile.open(reference());
        SafetensorsFile actual = SafetensorsFile.open(out)) {
      for (Map.Entry<String, String> e : expected.entrySet()) {
        double d = CliRun.maxAbsDiff(actual.floatArray(e.getKey()), ref.floatArray(e.getValue()));
        assertThat(d).as(e.getKey()).isLessThanOrEqualTo(TOLERANCE);
        worst = Math.max(worst, d);
      }
    }
    return worst;
  }

  @Test
  void logitsAndHiddenStatesFromInputIds(@TempDir Path dir) {
    Path out = dir.resolve("out.safetensors");
    CliRun run =
        inspect(
            inputs(dir, "input_ids"),
            out,
            "--outputs",
            "logits,hidden_states.0,hidden_states.1,hidden_states.2");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    Map<String, String> expected = new LinkedHashMap<>();
    for (String n :
        new String[] {"logits", "hidden_states.0", "hidden_states.1", "hidden_states.2"}) {
      expected.put(n, n);
    }
    System.out.printf("inspect llama ids: max|diff| = %.3e%n", compare(out, expected));
  }

  @Test
  void inputsEmbedsVariant(@TempDir Path dir) {
    Path out = dir.resolve("out.safetensors");
    CliRun run = inspect(inputs(dir, "inputs_embeds"), out, "--outputs", "logits,hidden_states.2");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    double d =
        compare(
            out, Map.of("logits", "embeds.logits", "hidden_states.2", "embeds.hidden_states.2"));
    System.out.printf("inspect llama embeds: max|diff| = %.3e%n", d);
  }

  @Test
  void leftPaddedBatchWithMaskAndPositions(@TempDir Path dir) {
    Path in = dir.resolve("in.safetensors");
    try (SafetensorsFile ref = SafetensorsFile.open(reference())) {
      new SafetensorsWriter()
          .add("input_ids", ref.array("leftpad.input_ids"))
          .add("attention_mask", ref.array("leftpad.attention_mask"))
          .add("position_ids", ref.array("leftpad.position_ids"))
          .write(in);
    }
    Path out = dir.resolve("out.safetensors");
    CliRun run = inspect(in, out, "--outputs", "logits");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    try (SafetensorsFile ref = SafetensorsFile.open(reference());
        SafetensorsFile actual = SafetensorsFile.open(out)) {
      long[] mask = ref.array("leftpad.attention_mask").dup('c').data().asLong();
      float[] a = actual.floatArray("logits").dup('c').data().asFloat();
      float[] e = ref.floatArray("leftpad.logits").dup('c').data().asFloat();
      int vocab = 1000;
      double worst = 0;
      for (int p = 0; p < mask.length; p++) {
        if (mask[p] == 1) {
          for (int v = 0; v < vocab; v++) {
            worst = Math.max(worst, Math.abs(a[p * vocab + v] - e[p * vocab + v]));
          }
        }
      }
      System.out.printf("inspect llama left-padded: max|diff| = %.3e%n", worst);
      assertThat(worst).isLessThanOrEqualTo(TOLERANCE);
    }
  }

  @Test
  void prefillThenCachedDecodeSteps(@TempDir Path dir) {
    Path out = dir.resolve("out.safetensors");
    CliRun run =
        inspect(
            inputs(dir, "input_ids"),
            out,
            "--decode-from",
            "8",
            "--outputs",
            "logits,present.0.key,present.1.value");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("logits", "kv.prefill_logits");
    for (int t = 8; t < 12; t++) {
      expected.put("kv.step_logits." + t, "kv.step_logits." + t);
    }
    expected.put("present.0.key", "kv.final_past.0.key");
    expected.put("present.1.value", "kv.final_past.1.value");
    try (SafetensorsFile actual = SafetensorsFile.open(out)) {
      assertThat(actual.names()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    }
    System.out.printf("inspect llama decode: max|diff| = %.3e%n", compare(out, expected));
  }

  @Test
  void badInputsAreNamed(@TempDir Path dir) {
    CliRun both = inspect(inputs(dir, "input_ids", "inputs_embeds"), dir.resolve("o.safetensors"));
    assertThat(both.exitCode()).isEqualTo(1);
    assertThat(both.err()).contains("exactly one of input_ids and inputs_embeds, found both");

    CliRun decode =
        inspect(inputs(dir, "input_ids"), dir.resolve("o.safetensors"), "--decode-from", "12");
    assertThat(decode.exitCode()).isEqualTo(1);
    assertThat(decode.err()).contains("--decode-from 12: must be in [1, 11]");

    CliRun unknown =
        inspect(inputs(dir, "input_ids"), dir.resolve("o.safetensors"), "--outputs", "nope");
    assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(1);
    assertThat(unknown.err()).contains("nope");
  }
}
