package ai.taskaware.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's peak resident set size, as Linux reports it ({@code VmHWM} in {@code
 * /proc/self/status}).
 */
final class PeakMemory {

  private PeakMemory() {}

  /**
   * Resets the kernel's peak-RSS mark (Linux: "5" to {@code /proc/self/clear_refs}) so the next
   * reading is the peak of what runs from now on; where that is not possible readings stay the
   * process-wide peak, still an upper bound.
   */
  static void reset() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (IOException | RuntimeException e) {
      // Not Linux or not permitted: see above.
    }
  }

  /** Peak RSS in MB, or NaN where {@code /proc} is not available. */
  static double residentMegabytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          String kb = line.substring("VmHWM:".length()).trim().split("\\s+")[0];
          return Long.parseLong(kb) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or /proc unreadable: the figure is simply not available.
    }
    return Double.NaN;
  }
}
