package ai.taskaware.llm.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident memory from {@code /proc/self/status} (Linux). */
final class ProcessMemory {

  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private ProcessMemory() {}

  /** VmRSS in bytes. */
  static long resident() {
    return field("VmRSS:");
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
