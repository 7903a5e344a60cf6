package ai.taskaware.core.runtime;

import java.util.List;

/**
 * An execution provider was requested that cannot be used on this machine or with the ONNX Runtime
 * build on the classpath. Thrown before ORT is asked to load the provider whenever the cause can be
 * detected up front, so the JVM never crashes on a missing native library.
 */
public final class ExecutionProviderUnavailableException extends OnnxSessionException {
  private static final long serialVersionUID = 1L;

  private final ExecutionProvider provider;
  private final List<String> missingLibraries;

  ExecutionProviderUnavailableException(
      String model,
      ExecutionProvider provider,
      List<String> missingLibraries,
      String message,
      Throwable cause) {
    super(model, null, message, cause);
    this.provider = provider;
    this.missingLibraries = List.copyOf(missingLibraries);
  }

  /** The provider that was requested. */
  public ExecutionProvider provider() {
    return provider;
  }

  /** The shared libraries that were looked for and not found (empty when none were missing). */
  public List<String> missingLibraries() {
    return missingLibraries;
  }
}
