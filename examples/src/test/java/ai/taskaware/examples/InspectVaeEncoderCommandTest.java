package ai.taskaware.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.checkpoint.SafetensorsFile;
import ai.taskaware.core.checkpoint.SafetensorsWriter;
import ai.taskaware.core.model.ProgressListener;
import ai.taskaware.core.runtime.RuntimeOptions;
import ai.taskaware.diffusion.generate.StableDiffusionShapes;
import ai.taskaware.diffusion.generate.SyntheticStableDiffusion;
import ai.taskaware.diffusion.vae.VaeEncoder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code inspect vae-encoder} on a generated tiny SD folder (the VAE graph itself is checked in
 * diffusion-encoder).
 */
class InspectVaeEncoderCommandTest {

  @Test
  void writesTheRequestedMomentsOfTheVaeItIsPointedAt(@TempDir Path dir) throws Exception {
    StableDiffusionShapes shapes = StableDiffusionShapes.tiny();
    Path sd = SyntheticStableDiffusion.write(dir.resolve("sd"), shapes, 7, ProgressListener.NONE);
    Nd4j.getRandom().setSeed(3);
    int side = shapes.vaeSampleSize();
    INDArray pixels = Nd4j.rand(DataType.FLOAT, 2, 3, side, side).muli(2).subi(1);
    Path in = dir.resolve("in.safetensors");
    new SafetensorsWriter().add("pixel_values", pixels).write(in);
    Path out = dir.resolve("out.safetensors");

    CliRun run =
        CliRun.of(
            "inspect",
            "vae-encoder",
            "--checkpoint",
            sd.toString(),
            "--inputs",
            in.toString(),
            "--outputs",
            "latent_mean,latent_logvar",
            "--out",
            out.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    try (VaeEncoder vae = VaeEncoder.open(sd.resolve("vae"), RuntimeOptions.cpu(), null);
        SafetensorsFile written = SafetensorsFile.open(out)) {
      VaeEncoder.LatentMoments expected = vae.moments(pixels);
      assertThat(written.names()).containsExactly("latent_mean", "latent_logvar");
      assertThat(written.floatArray("latent_mean").shape())
          .containsExactly(expected.mean().shape());
      assertThat(written.floatArray("latent_mean").equalsWithEps(expected.mean(), 1e-6)).isTrue();
      assertThat(written.floatArray("latent_logvar").equalsWithEps(expected.logvar(), 1e-6))
          .isTrue();
    }
  }

  @Test
  void unknownOutputAndMissingInputAreInputErrors(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("in.safetensors");
    new SafetensorsWriter().add("not_pixels", Nd4j.zeros(DataType.FLOAT, 1, 3, 8, 8)).write(in);
    CliRun unknown =
        CliRun.of(
            "inspect",
            "vae-encoder",
            "--checkpoint",
            dir.toString(),
            "--inputs",
            in.toString(),
            "--outputs",
            "latent_sample",
            "--out",
            dir.resolve("o.safetensors").toString());
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("latent_sample", "latent_mean");
    CliRun missing =
        CliRun.of(
            "inspect",
            "vae-encoder",
            "--checkpoint",
            dir.toString(),
            "--inputs",
            in.toString(),
            "--out",
            dir.resolve("o.safetensors").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("pixel_values");
  }
}
