package ai.taskaware.llm.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory from {@code /proc/self/status} (Linux). The resident set counts
 * memory-mapped file pages (checkpoint and model files read through a map) as well as anonymous
 * memory (heap, native allocations); the kernel can drop the former under pressure, so the
 * anonymous part is what a model really commits.
 */
final class ProcessMemory {

  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private ProcessMemory() {}

  /** VmRSS in bytes. */
  static long resident() {
    return field("VmRSS:");
  }

  /** RssAnon: resident anonymous memory in bytes. */
  static long anonymous() {
    return field("RssAnon:");
  }

  /**
   * The largest {@link #anonymous()} seen by a background thread sampling every 20 ms (the kernel
   * keeps no high-water mark of it) until closed.
   */
  static final class AnonymousPeak implements AutoCloseable {
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long max = anonymous();

    AnonymousPeak() {
      sampler =
          new Thread(
              () -> {
                while (running) {
                  max = Math.max(max, anonymous());
                  try {
                    Thread.sleep(20);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "anonymous-memory-sampler");
      sampler.setDaemon(true);
      sampler.start();
    }

    /** The peak so far. */
    long max() {
      return Math.max(max, anonymous());
    }

    /** Stops sampling. */
    @Override
    public void close() {
      running = false;
      sampler.interrupt();
    }
  }

  /** VmHWM (peak resident set since start or the last {@link #resetPeak}) in bytes. */
  static long peak() {
    return field("VmHWM:");
  }

  /** Resets VmHWM to the current VmRSS (Linux ≥ 4.0: "5" to clear_refs); ignored elsewhere. */
  static void resetPeak() {
    try {
      Files.writeString(CLEAR_REFS, "5");
    } catch (IOException | SecurityException e) {
      // the peak then covers the whole process, which the report states
    }
  }

  private static long field(String name) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(name)) {
          String[] parts = line.substring(name.length()).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + STATUS, e);
    }
    throw new IllegalStateException(STATUS + " has no " + name + " line");
  }
}
