package ai.taskaware.diffusion.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.core.checkpoint.SafetensorsFile;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The SD2.1-base schedule against diffusers 0.27.2 ({@code scheduler/} resources): float32 arrays
 * bit-identical, float64 arrays within 1e-15, add_noise within 1e-6 (measured: 0), timesteps of the
 * DDPM, DDIM and PNDM schedulers exact, DDIM steps within 1e-6.
 */
class NoiseScheduleParityTest {
  private static SafetensorsFile schedule;
  private static NoiseSchedule ddpm;

  static Path resource(String relative) {
    try {
      return Path.of(NoiseScheduleParityTest.class.getResource("/scheduler/" + relative).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeAll
  static void open() {
    schedule = SafetensorsFile.open(resource("schedule.safetensors"));
    ddpm = NoiseSchedule.read(resource("ddpm"));
  }

  @AfterAll
  static void close() {
    schedule.close();
  }

  private static float[] floats(String name) {
    return schedule.array(name).data().asFloat();
  }

  private static double maxDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs((double) a[i] - b[i]));
    }
    return m;
  }

  private static double maxDiff(double[] a, double[] b) {
    assertThat(a).hasSameSizeAs(b);
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  @Test
  void float32ArraysAreBitIdentical() {
    assertThat(ddpm.betas()).containsExactly(floats("betas"));
    assertThat(ddpm.alphas()).containsExactly(floats("alphas"));
    assertThat(ddpm.alphasCumprod()).containsExactly(floats("alphas_cumprod"));
    assertThat(ddpm.sqrtAlphasCumprod()).containsExactly(floats("sqrt_alphas_cumprod"));
    assertThat(ddpm.sqrtOneMinusAlphasCumprod())
        .containsExactly(floats("sqrt_one_minus_alphas_cumprod"));
  }

  @Test
  void float64ArraysMatch() {
    double betas = maxDiff(ddpm.betasF64(), schedule.array("betas_f64").data().asDouble());
    double cumprod =
        maxDiff(ddpm.alphasCumprodF64(), schedule.array("alphas_cumprod_f64").data().asDouble());
    System.out.printf("f64 betas %.2e, alphas_cumprod %.2e%n", betas, cumprod);
    assertThat(betas).isLessThanOrEqualTo(1e-15);
    assertThat(cumprod).isLessThanOrEqualTo(1e-15);
    assertThat(maxDiff(ddpm.betas(), floats("betas"))).isLessThanOrEqualTo(1e-7);
  }

  @Test
  void inferenceTimestepsAreExact() {
    NoiseSchedule ddim = NoiseSchedule.read(resource("ddim/scheduler_config.json"));
    NoiseSchedule pndm = NoiseSchedule.read(resource("pndm"));
    for (int steps : new int[] {10, 25, 50}) {
      assertThat(ddpm.ddpmTimesteps(steps))
          .containsExactly(schedule.array("timesteps_ddpm_" + steps).data().asLong());
      assertThat(ddim.ddimTimesteps(steps))
          .containsExactly(schedule.array("timesteps_ddim_" + steps).data().asLong());
      assertThat(pndm.pndmTimesteps(steps))
          .containsExactly(schedule.array("timesteps_pndm_" + steps).data().asLong());
    }
  }

  @Test
  void addNoiseMatchesDiffusers() {
    try (SafetensorsFile f = SafetensorsFile.open(resource("add_noise.safetensors"))) {
      INDArray noisy =
          ddpm.addNoise(f.array("x0"), f.array("noise"), f.array("timesteps").data().asLong());
      double diff = diff(noisy, f.array("noisy"));
      for (int t : new int[] {1, 500, 999}) {
        INDArray big = ddpm.addNoise(f.array("x0_1x4x64x64"), f.array("noise_1x4x64x64"), (long) t);
        diff = Math.max(diff, diff(big, f.array("noisy_1x4x64x64_t" + t)));
      }
      System.out.printf("add_noise max|diff| %.2e%n", diff);
      assertThat(diff).isLessThanOrEqualTo(1e-6);
    }
  }

  @Test
  void ddimStepMatchesDiffusers() {
    NoiseSchedule ddim = NoiseSchedule.read(resource("ddim"));
    try (SafetensorsFile f = SafetensorsFile.open(resource("ddim_step.safetensors"))) {
      double worst = 0;
      for (int t : new int[] {981, 961, 481, 21, 1}) {
        DdimStep step = ddim.ddimStep(f.array("model_output"), t, f.array("sample"), 50);
        worst = Math.max(worst, diff(step.prevSample(), f.array("prev_sample_t" + t)));
        worst =
            Math.max(worst, diff(step.predOriginalSample(), f.array("pred_original_sample_t" + t)));
      }
      System.out.printf("ddim step max|diff| %.2e%n", worst);
      assertThat(worst).isLessThanOrEqualTo(1e-6);
    }
  }

  @Test
  void timestepsOutsideTheScheduleAreTypedErrors() {
    try (SafetensorsFile f = SafetensorsFile.open(resource("add_noise.safetensors"))) {
      INDArray x0 = f.array("x0");
      assertThatThrownBy(() -> ddpm.addNoise(x0, x0, 1000L))
          .isInstanceOf(TimestepOutOfRangeException.class)
          .hasMessageContaining("1000")
          .hasMessageContaining("[0, 1000)");
      assertThatThrownBy(() -> ddpm.addNoise(x0, x0, -1L))
          .isInstanceOf(TimestepOutOfRangeException.class);
      assertThatThrownBy(() -> ddpm.checkTimestep(5000))
          .isInstanceOf(TimestepOutOfRangeException.class)
          .hasMessageContaining("scheduler_config.json");
    }
  }

  private static double diff(INDArray a, INDArray b) {
    assertThat(a.shape()).containsExactly(b.shape());
    return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
  }
}
