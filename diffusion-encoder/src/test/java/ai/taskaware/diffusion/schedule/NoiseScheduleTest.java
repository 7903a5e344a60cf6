package ai.taskaware.diffusion.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Schedules the fixture does not cover, checked against their closed forms; seeded noise. */
class NoiseScheduleTest {
  @TempDir Path dir;

  private NoiseSchedule write(String json) throws IOException {
    Path f = dir.resolve("scheduler_config.json");
    Files.writeString(f, json);
    return NoiseSchedule.read(dir);
  }

  @Test
  void linearBetasAreEvenlySpaced() throws IOException {
    NoiseSchedule s =
        write("{\"beta_schedule\": \"linear\", \"beta_start\": 0.0001, \"beta_end\": 0.02}");
    float[] b = s.betas();
    assertThat(b).hasSize(1000);
    assertThat(b[0]).isEqualTo(0.0001f);
    assertThat(b[999]).isEqualTo(0.02f);
    for (int i = 0; i < 1000; i++) {
      assertThat((double) b[i]).isCloseTo(0.0001 + i * (0.02 - 0.0001) / 999, within(3e-9));
    }
  }

  @Test
  void cosineBetasFollowTheAlphaBarAndAreCapped() throws IOException {
    NoiseSchedule s =
        write("{\"beta_schedule\": \"squaredcos_cap_v2\", \"num_train_timesteps\": 50}");
    double[] ac = s.alphasCumprodF64();
    double f0 = Math.pow(Math.cos(0.008 / 1.008 * Math.PI / 2), 2);
    for (int t = 0; t < 49; t++) {
      double expected = Math.pow(Math.cos(((t + 1) / 50.0 + 0.008) / 1.008 * Math.PI / 2), 2) / f0;
      assertThat(ac[t]).isCloseTo(expected, within(1e-12));
    }
    assertThat(s.betas()[49]).isEqualTo(0.999f);
  }

  @Test
  void trainedBetasAreTakenAsGiven() throws IOException {
    NoiseSchedule s = write("{\"num_train_timesteps\": 3, \"trained_betas\": [0.1, 0.2, 0.5]}");
    assertThat(s.betas()).containsExactly(0.1f, 0.2f, 0.5f);
    assertThat(s.alphasCumprod())
        .containsExactly(
            0.9f, (float) (0.9f * (double) 0.8f), (float) (0.9f * (double) 0.8f * 0.5f));
    assertThat(s.trainTimesteps()).isEqualTo(3);
    assertThatThrownBy(() -> s.checkTimestep(3)).isInstanceOf(TimestepOutOfRangeException.class);
  }

  @Test
  void unknownScheduleIsNamed() throws IOException {
    assertThatThrownBy(() -> write("{\"beta_schedule\": \"sigmoid\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sigmoid")
        .hasMessageContaining("scheduler_config.json");
  }

  @Test
  void trailingAndLinspaceSpacings() throws IOException {
    assertThat(write("{\"timestep_spacing\": \"trailing\"}").ddimTimesteps(4))
        .containsExactly(999, 749, 499, 249);
    assertThat(write("{\"timestep_spacing\": \"linspace\"}").ddpmTimesteps(4))
        .containsExactly(999, 666, 333, 0);
  }

  @Test
  void seededNoiseReproducesAndIsStandardNormal() {
    INDArray a = GaussianNoise.sample(7, 2, 4, 32, 32);
    INDArray b = GaussianNoise.sample(7, 2, 4, 32, 32);
    INDArray c = GaussianNoise.sample(8, 2, 4, 32, 32);
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
    assertThat(a.meanNumber().doubleValue()).isCloseTo(0, within(0.05));
    assertThat(a.stdNumber().doubleValue()).isCloseTo(1, within(0.05));
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}
