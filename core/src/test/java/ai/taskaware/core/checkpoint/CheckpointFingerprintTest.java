package ai.taskaware.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fingerprint is stable, location-independent, and moves when config or weights change. */
class CheckpointFingerprintTest {

  @TempDir Path dir;

  /** A folder with a config and a 4 MiB weights file (bigger than all samples together). */
  private Path model(String name, long seed) throws IOException {
    Path folder = dir.resolve(name);
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("config.json"), "{\"hidden_size\": 64}");
    Files.writeString(folder.resolve("README.md"), "ignored");
    byte[] big = new byte[4 << 20];
    new Random(seed).nextBytes(big);
    new SafetensorsWriter()
        .add("w", DType.F32, new long[] {1 << 20}, big)
        .add("b", DType.F32, new long[] {4}, new byte[16])
        .write(folder.resolve("model.safetensors"));
    return folder;
  }

  private static void overwrite(Path file, long position, byte[] bytes) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(position);
      raf.write(bytes);
    }
  }

  @Test
  void stableAcrossCallsAndCopiesAndSensitiveToWhatMatters() throws IOException {
    Path a = model("a", 1);
    String id = CheckpointFingerprint.of(a);
    assertThat(id).matches("[0-9a-f]{64}");
    assertThat(CheckpointFingerprint.of(a)).isEqualTo(id);
    assertThat(CheckpointFingerprint.of(model("copy", 1)))
        .as("same content elsewhere")
        .isEqualTo(id);
    assertThat(CheckpointFingerprint.of(model("other", 2))).as("other weights").isNotEqualTo(id);

    Files.writeString(a.resolve("README.md"), "changed docs");
    assertThat(CheckpointFingerprint.of(a)).as("docs do not matter").isEqualTo(id);

    Files.writeString(a.resolve("config.json"), "{\"hidden_size\": 65}");
    String afterConfig = CheckpointFingerprint.of(a);
    assertThat(afterConfig).as("config matters").isNotEqualTo(id);

    Path weights = a.resolve("model.safetensors");
    try (SafetensorsFile f = SafetensorsFile.open(weights)) {
      long dataStart = 8 + f.headerLength();
      // First data byte (always sampled).
      overwrite(weights, dataStart, new byte[] {42, 43, 44, 45});
      String afterWeights = CheckpointFingerprint.of(a);
      assertThat(afterWeights).as("weights matter").isNotEqualTo(afterConfig);
      // Last bytes: the tiny tensor at the end (always sampled).
      overwrite(weights, f.fileSize() - 4, new byte[] {1, 2, 3, 4});
      assertThat(CheckpointFingerprint.of(a)).isNotEqualTo(afterWeights);
    }
  }

  @Test
  void aSingleFileHasAFingerprintAndABadPathIsNamed() throws IOException {
    Path a = model("a", 1);
    String file = CheckpointFingerprint.of(a.resolve("model.safetensors"));
    assertThat(file).matches("[0-9a-f]{64}").isNotEqualTo(CheckpointFingerprint.of(a));
    assertThatThrownBy(() -> CheckpointFingerprint.of(dir.resolve("none")))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("none");
    Path empty = dir.resolve("empty");
    Files.createDirectories(empty);
    assertThatThrownBy(() -> CheckpointFingerprint.of(empty))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void pipelineFoldersAreWalked() throws IOException {
    Path pipeline = dir.resolve("pipeline");
    Files.createDirectories(pipeline.resolve("unet"));
    Files.createDirectories(pipeline.resolve("scheduler"));
    Files.writeString(pipeline.resolve("scheduler/scheduler_config.json"), "{\"steps_offset\": 1}");
    new SafetensorsWriter()
        .add("w", DType.U8, new long[] {3}, new byte[] {1, 2, 3})
        .write(pipeline.resolve("unet/diffusion_pytorch_model.safetensors"));
    String id = CheckpointFingerprint.of(pipeline);
    Files.writeString(pipeline.resolve("scheduler/scheduler_config.json"), "{\"steps_offset\": 0}");
    assertThat(CheckpointFingerprint.of(pipeline)).isNotEqualTo(id);
  }
}
