package ai.taskaware.core.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses to start ONNX Runtime from a JVM whose command line is too long for it.
 *
 * <p>Observed on Linux x86-64 with ORT 1.29.0 (CPU build) and OpenJDK 17: creating the ORT
 * environment kills the JVM with SIGSEGV, without an hs_err report, as soon as the process's
 * command line ({@code /proc/self/cmdline}) reaches {@value #MAX_COMMAND_LINE_BYTES} + 1 bytes,
 * whatever makes it long (a long {@code -cp} or any {@code -D}); a long {@code CLASSPATH}
 * environment variable or a {@code java @argfile} is harmless. Surefire passes its class path in a
 * manifest jar and is not affected; a plain {@code java -cp <every jar>} launch is.
 */
final class CommandLineGuard {

  /** The longest command line with which ORT 1.29 was seen to start. */
  static final int MAX_COMMAND_LINE_BYTES = 3980;

  /** Set this system property to {@code true} to skip the check (e.g. on an ORT that is fixed). */
  static final String SKIP_PROPERTY = "taskaware.ort.skipCommandLineCheck";

  private static final Path CMDLINE = Path.of("/proc/self/cmdline");

  private CommandLineGuard() {}

  /** Throws when this process's command line is too long for ORT; does nothing elsewhere. */
  static void check(String model) {
    if (Boolean.getBoolean(SKIP_PROPERTY) || !Files.isReadable(CMDLINE)) {
      return;
    }
    long length;
    try {
      length = Files.readAllBytes(CMDLINE).length;
    } catch (IOException e) {
      return;
    }
    String problem = problem(length);
    if (problem != null) {
      throw new OnnxSessionException(model, null, problem);
    }
  }

  /**
   * The explanation for a command line of {@code length} bytes, or null when it is short enough.
   */
  static String problem(long length) {
    if (length <= MAX_COMMAND_LINE_BYTES) {
      return null;
    }
    return "the JVM command line is "
        + length
        + " bytes; ONNX Runtime 1.29 crashes the JVM (SIGSEGV) when it is longer than "
        + MAX_COMMAND_LINE_BYTES
        + " bytes. Pass the class path in the CLASSPATH environment variable or a java @argfile"
        + " (java @args.txt Main), or set -D"
        + SKIP_PROPERTY
        + "=true if this ONNX Runtime is known to be unaffected";
  }
}
