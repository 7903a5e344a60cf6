package ai.taskaware.core.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A stable hex id (SHA-256) of a checkpoint file or folder, cheap enough to compute on every run
 * for multi-gigabyte weights, used as the key of compiled-model caches.
 *
 * <p>What is hashed, per file in sorted relative-path order (folders are walked up to {@value
 * #MAX_DEPTH} levels, so diffusers pipeline folders with {@code unet/}, {@code vae/}, … work):
 *
 * <ul>
 *   <li>{@code config.json}, {@code *_config.json} and {@code *.safetensors.index.json}: path and
 *       all bytes;
 *   <li>every {@code *.safetensors}: path, size, the whole header (8-byte length + JSON, i.e. every
 *       tensor's name, dtype, shape and offsets), and {@value #SAMPLES} blocks of {@value
 *       #BLOCK_BYTES} bytes at evenly spaced positions of the data section, first and last block
 *       included.
 * </ul>
 *
 * <p>Why sampling is enough for a cache key: the key must tell apart checkpoints that are different
 * models, not detect a single flipped byte. Any architecture or layout change alters the header;
 * training or fine-tuning changes practically every weight, so every sampled block changes;
 * re-saving in another dtype changes the header. What sampling misses is a hand-edited handful of
 * bytes between samples — not something a cache of compiled graphs must defend against. Reading ~1
 * MiB per file keeps the fingerprint at milliseconds for a 5 GB U-Net where a full hash would take
 * seconds.
 */
public final class CheckpointFingerprint {

  static final int SAMPLES = 16;
  static final int BLOCK_BYTES = 64 * 1024;
  static final int MAX_DEPTH = 3;

  private CheckpointFingerprint() {}

  /**
   * The fingerprint of a {@code .safetensors} file, a config / index JSON, or a folder.
   *
   * @throws CheckpointException naming the path when it does not exist, holds nothing to
   *     fingerprint, or cannot be read
   */
  public static String of(Path fileOrFolder) {
    MessageDigest digest = sha256();
    List<Path> files;
    Path root;
    if (Files.isDirectory(fileOrFolder)) {
      root = fileOrFolder.toAbsolutePath().normalize();
      try (Stream<Path> walk = Files.walk(root, MAX_DEPTH)) {
        files =
            walk.filter(Files::isRegularFile)
                .filter(p -> kind(p) != Kind.IGNORED)
                .sorted((a, b) -> relative(root, a).compareTo(relative(root, b)))
                .toList();
      } catch (IOException e) {
        throw new CheckpointException(fileOrFolder, null, "cannot list: " + e.getMessage(), e);
      }
      if (files.stream().noneMatch(p -> kind(p) == Kind.WEIGHTS)) {
        throw new CheckpointException(
            fileOrFolder, null, "no *.safetensors file to fingerprint in this folder");
      }
    } else if (Files.isRegularFile(fileOrFolder)) {
      root = fileOrFolder.toAbsolutePath().normalize().getParent();
      files = List.of(fileOrFolder);
    } else {
      throw new CheckpointException(fileOrFolder, null, "no such file or folder");
    }
    for (Path f : files) {
      update(digest, "path:" + relative(root, f));
      try {
        if (kind(f) == Kind.WEIGHTS) {
          hashWeights(digest, f);
        } else {
          digest.update(Files.readAllBytes(f));
        }
      } catch (IOException e) {
        throw new CheckpointException(f, null, "cannot read: " + e.getMessage(), e);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private enum Kind {
    CONFIG,
    WEIGHTS,
    IGNORED
  }

  private static Kind kind(Path p) {
    String n = p.getFileName().toString();
    if (n.endsWith(".safetensors")) {
      return Kind.WEIGHTS;
    }
    if (n.equals("config.json") || n.endsWith("_config.json") || n.endsWith(".index.json")) {
      return Kind.CONFIG;
    }
    return Kind.IGNORED;
  }

  private static String relative(Path root, Path f) {
    return root.relativize(f.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  private static void hashWeights(MessageDigest digest, Path f) throws IOException {
    try (SafetensorsFile file = SafetensorsFile.open(f);
        FileChannel channel = FileChannel.open(f, StandardOpenOption.READ)) {
      long size = file.fileSize();
      long dataStart = 8 + file.headerLength();
      update(digest, "size:" + size);
      readInto(digest, channel, 0, dataStart);
      long dataSize = size - dataStart;
      if (dataSize <= (long) SAMPLES * BLOCK_BYTES) {
        readInto(digest, channel, dataStart, dataSize);
        return;
      }
      long span = dataSize - BLOCK_BYTES;
      for (int i = 0; i < SAMPLES; i++) {
        long at = dataStart + span * i / (SAMPLES - 1);
        readInto(digest, channel, at, BLOCK_BYTES);
      }
    }
  }

  private static void readInto(MessageDigest digest, FileChannel channel, long from, long length)
      throws IOException {
    ByteBuffer buf =
        ByteBuffer.allocate((int) Math.min(length, 1 << 20)).order(ByteOrder.LITTLE_ENDIAN);
    long pos = from;
    long end = from + length;
    while (pos < end) {
      buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
      int r = channel.read(buf, pos);
      if (r < 0) {
        throw new IOException("unexpected end of file at byte " + pos);
      }
      buf.flip();
      digest.update(buf);
      pos += r;
    }
  }

  private static void update(MessageDigest digest, String s) {
    digest.update(s.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime must provide SHA-256", e);
    }
  }
}
