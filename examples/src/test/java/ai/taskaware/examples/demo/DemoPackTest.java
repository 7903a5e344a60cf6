package ai.taskaware.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.checkpoint.CheckpointFingerprint;
import ai.taskaware.core.model.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoPackTest {

  @Test
  void packIsWrittenOnceReusedAndRewrittenIdenticallyWhenItsFilesChange(@TempDir Path dir)
      throws IOException {
    Path cache = dir.resolve("pack");
    DemoPack first = DemoPack.ensure(cache, ProgressListener.NONE);
    assertThat(first.reused()).isFalse();
    assertThat(cache.resolve(DemoPack.PACK_FILE)).isRegularFile();
    for (String part : new String[] {"unet", "vae", "scheduler", "text_encoder", "tokenizer"}) {
      assertThat(first.stableDiffusion().resolve(part)).isDirectory();
    }
    assertThat(first.clip().resolve("config.json")).isRegularFile();
    assertThat(first.clip().resolve("tokenizer.json")).isRegularFile();
    String sd = CheckpointFingerprint.of(first.stableDiffusion());
    String clip = CheckpointFingerprint.of(first.clip());

    assertThat(DemoPack.ensure(cache, ProgressListener.NONE).reused()).isTrue();

    Path weights = first.clip().resolve("model.safetensors");
    byte[] bytes = Files.readAllBytes(weights);
    bytes[bytes.length - 1] ^= 0x55;
    Files.write(weights, bytes);
    DemoPack rewritten = DemoPack.ensure(cache, ProgressListener.NONE);
    assertThat(rewritten.reused()).as("a changed weight file fails the fingerprint").isFalse();
    assertThat(CheckpointFingerprint.of(rewritten.clip())).as("seeded: same pack").isEqualTo(clip);
    assertThat(CheckpointFingerprint.of(rewritten.stableDiffusion())).isEqualTo(sd);
    try (var siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString()))
          .as("no staging folder left behind")
          .containsExactly("pack");
    }
  }
}
