package ai.taskaware.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ~3 GB checkpoint with a tensor over 2 GiB, made sparse (header written, then setLength) so the
 * test costs no real disk writes: it opens, reads the small tensor at the end and chunks of the big
 * one, and the Java heap barely moves because everything is memory-mapped.
 */
class LargeSparseFileTest {

  private static final long BIG_ELEMENTS = 1_500_000_000L; // F16: 3 000 000 000 bytes
  private static final long BIG_BYTES = 2 * BIG_ELEMENTS;
  private static final int SMALL_ELEMENTS = 16;

  @TempDir Path dir;

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  @Test
  void threeGigabyteFileOpensAndStreamsWithSmallHeap() throws IOException {
    assumeTrue(
        Files.getFileStore(dir).getUsableSpace() > 4_000_000_000L,
        "temp filesystem has less than 4 GB free");
    Path file = dir.resolve("big.safetensors");
    String json =
        "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"big\":{\"dtype\":\"F16\",\"shape\":[30000,50000],\"data_offsets\":[0,"
            + BIG_BYTES
            + "]},"
            + "\"small\":{\"dtype\":\"F32\",\"shape\":["
            + SMALL_ELEMENTS
            + "],\"data_offsets\":["
            + BIG_BYTES
            + ","
            + (BIG_BYTES + 4 * SMALL_ELEMENTS)
            + "]}}";
    byte[] header = json.getBytes(StandardCharsets.UTF_8);
    int padded = (header.length + 7) / 8 * 8;
    long dataStart = 8 + padded;
    long total = dataStart + BIG_BYTES + 4 * SMALL_ELEMENTS;
    long markerAt = 2_500_000_000L; // inside "big", past 2 GiB
    long straddle = (1L << 29) * 4 - dataStart - 6; // crosses the 2 GiB window start
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      ByteBuffer head = ByteBuffer.allocate((int) dataStart).order(ByteOrder.LITTLE_ENDIAN);
      head.putLong(padded).put(header);
      while (head.hasRemaining()) {
        head.put((byte) ' ');
      }
      raf.write(head.array());
      try {
        raf.setLength(total);
      } catch (IOException e) {
        assumeTrue(false, "cannot create a sparse 3 GB file here: " + e.getMessage());
      }
      raf.seek(dataStart + markerAt);
      raf.write(new byte[] {0x00, 0x3c, 0x00, (byte) 0xc0}); // F16 1.0, -2.0
      raf.seek(dataStart + straddle);
      raf.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
      ByteBuffer small = ByteBuffer.allocate(4 * SMALL_ELEMENTS).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < SMALL_ELEMENTS; i++) {
        small.putFloat(i * 0.5f);
      }
      raf.seek(dataStart + BIG_BYTES);
      raf.write(small.array());
    }

    long before = usedHeap();
    long t0 = System.nanoTime();
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertThat(f.fileSize()).isEqualTo(total).isGreaterThan(3_000_000_000L);
      TensorInfo big = f.info("big");
      assertThat(big.byteLength()).isEqualTo(BIG_BYTES).isGreaterThan(Integer.MAX_VALUE);
      assertThat(f.floatArray("small").data().asFloat())
          .containsExactly(
              0f, 0.5f, 1f, 1.5f, 2f, 2.5f, 3f, 3.5f, 4f, 4.5f, 5f, 5.5f, 6f, 6.5f, 7f, 7.5f);
      ByteBuffer chunk = f.chunk("big", markerAt, 1 << 20);
      assertThat(chunk.remaining()).isEqualTo(1 << 20);
      assertThat(HalfFloats.halfToFloat(chunk.getShort(0))).isEqualTo(1.0f);
      assertThat(HalfFloats.halfToFloat(chunk.getShort(2))).isEqualTo(-2.0f);
      ByteBuffer across = f.chunk("big", straddle, 12);
      for (int i = 0; i < 12; i++) {
        assertThat(across.get(i)).isEqualTo((byte) (i + 1));
      }
      // A chunk larger than the 512 MiB window step gets its own mapping.
      ByteBuffer large = f.chunk("big", markerAt - (600L << 20), 601 << 20);
      assertThat(large.getShort(600 << 20)).isEqualTo((short) 0x3c00);
      assertThatThrownBy(() -> f.buffer("big"))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("big.safetensors")
          .hasMessageContaining("'big'")
          .hasMessageContaining("chunk");
      assertThatThrownBy(() -> f.array("big")).isInstanceOf(CheckpointException.class);
      assertThatThrownBy(() -> f.chunk("big", BIG_BYTES - 2, 4))
          .isInstanceOf(CheckpointException.class);
      long fingerprintStart = System.nanoTime();
      String id = CheckpointFingerprint.of(file);
      long fingerprintMillis = (System.nanoTime() - fingerprintStart) / 1_000_000;
      assertThat(id).hasSize(64);
      long after = usedHeap();
      long growth = after - before;
      System.out.printf(
          "3 GB sparse safetensors (%d bytes): open+reads %d ms, fingerprint %d ms,"
              + " heap before %.1f MB, after %.1f MB, growth %.2f MB%n",
          total,
          (fingerprintStart - t0) / 1_000_000,
          fingerprintMillis,
          before / 1e6,
          after / 1e6,
          growth / 1e6);
      assertThat(growth).isLessThan(32L << 20);
      assertThat(fingerprintMillis).isLessThan(5_000);
    }
  }
}
