package ai.taskaware.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/** Tensors whose bytes are produced while the file is written read back like held ones. */
class StreamedTensorContentsTest {

  @TempDir Path dir;

  @Test
  void streamedTensorsReadBackBetweenHeldOnesInEveryShard() {
    SafetensorsWriter w = new SafetensorsWriter();
    w.add("held", Nd4j.createFromArray(1f, 2f, 3f));
    // 3 x 4 floats written in two calls, as a generator writes chunk by chunk
    w.add(
        "streamed",
        DType.F32,
        new long[] {3, 4},
        out -> {
          for (int half = 0; half < 2; half++) {
            ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 6; i++) {
              b.putFloat(half * 6 + i);
            }
            b.flip();
            while (b.hasRemaining()) {
              out.write(b);
            }
          }
        });
    w.add("tail", Nd4j.createFromArray(7L));
    Path index = w.writeSharded(dir, "model", 40);
    try (ShardedCheckpoint c = ShardedCheckpoint.open(index)) {
      assertThat(c.shards()).hasSize(3);
      assertThat(c.info("streamed").shape()).containsExactly(3, 4);
      assertThat(c.array("streamed"))
          .isEqualTo(
              Nd4j.createFromArray(new float[][] {{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10, 11}}));
      assertThat(c.array("held")).isEqualTo(Nd4j.createFromArray(1f, 2f, 3f));
      assertThat(c.array("tail").getLong(0)).isEqualTo(7L);
    }
  }

  @Test
  void contentsOfTheWrongLengthNameTheTensor() {
    SafetensorsWriter w = new SafetensorsWriter();
    w.add("short", DType.F16, new long[] {4}, out -> out.write(ByteBuffer.allocate(6)));
    assertThatThrownBy(() -> w.write(dir.resolve("bad.safetensors")))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("short")
        .hasMessageContaining("wrote 6 bytes, expected 8");
  }
}
