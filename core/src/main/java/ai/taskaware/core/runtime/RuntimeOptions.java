package ai.taskaware.core.runtime;

import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How an {@link OnnxSession} is configured. Start from {@link #cpu()} and change single settings
 * with the {@code with…} methods, each of which returns a new value.
 *
 * @param provider the execution provider; {@link ExecutionProvider#CPU} unless CUDA is wanted
 * @param cudaDeviceId the CUDA device ordinal, used only with {@link ExecutionProvider#CUDA}
 * @param intraOpThreads threads inside one operator; 0 lets ORT choose (one per physical core)
 * @param interOpThreads threads across independent operators; 0 lets ORT choose
 * @param optimizationLevel ORT graph optimization level
 * @param memoryPattern whether ORT pre-plans allocations from the first run's shapes (good for
 *     fixed shapes, wasteful when shapes change every run)
 * @param cpuArena whether ORT's CPU allocator keeps an arena of freed blocks
 * @param profilingFile when present, ORT profiling is on and writes a JSON trace whose name starts
 *     with this path; the trace is finished when the session is closed
 * @param logLevel ORT's session log level
 * @param pinOutputs whether outputs of fully static declared shape are written by ORT straight into
 *     pre-allocated INDArrays (no copy) instead of being copied out of ORT's memory
 * @param sessionConfig ORT session configuration entries ({@code AddSessionConfigEntry}), sorted by
 *     key
 */
public record RuntimeOptions(
    ExecutionProvider provider,
    int cudaDeviceId,
    int intraOpThreads,
    int interOpThreads,
    OptLevel optimizationLevel,
    boolean memoryPattern,
    boolean cpuArena,
    Optional<Path> profilingFile,
    OrtLoggingLevel logLevel,
    boolean pinOutputs,
    Map<String, String> sessionConfig) {

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException naming the field when a value is null or negative
   */
  public RuntimeOptions {
    requirePresent("provider", provider);
    requirePresent("optimizationLevel", optimizationLevel);
    requirePresent("profilingFile", profilingFile);
    requirePresent("logLevel", logLevel);
    requireNonNegative("cudaDeviceId", cudaDeviceId);
    requireNonNegative("intraOpThreads", intraOpThreads);
    requireNonNegative("interOpThreads", interOpThreads);
    requirePresent("sessionConfig", sessionConfig);
    sessionConfig = Collections.unmodifiableMap(new TreeMap<>(sessionConfig));
  }

  /**
   * CPU execution, ORT-chosen thread counts, all graph optimizations, memory pattern and CPU arena
   * on, no profiling, warnings logged, outputs pinned where their shape is static.
   */
  public static RuntimeOptions cpu() {
    return new RuntimeOptions(
        ExecutionProvider.CPU,
        0,
        0,
        0,
        OptLevel.ALL_OPT,
        true,
        true,
        Optional.empty(),
        OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
        true,
        Map.of());
  }

  /** These options with the CUDA execution provider on device {@code deviceId}. */
  public RuntimeOptions withCuda(int deviceId) {
    return new RuntimeOptions(
        ExecutionProvider.CUDA,
        deviceId,
        intraOpThreads,
        interOpThreads,
        optimizationLevel,
        memoryPattern,
        cpuArena,
        profilingFile,
        logLevel,
        pinOutputs,
        sessionConfig);
  }

  /** These options with another execution provider (the CUDA device id is kept). */
  public RuntimeOptions withProvider(ExecutionProvider provider) {
    return new RuntimeOptions(
        provider,
        cudaDeviceId,
        intraOpThreads,
        interOpThreads,
        optimizationLevel,
        memoryPattern,
        cpuArena,
        profilingFile,
        logLevel,
        pinOutputs,
        sessionConfig);
  }

  /** These options with {@code threads} intra-op threads (0 = ORT default). */
  public RuntimeOptions withIntraOpThreads(int threads) {
    return new RuntimeOptions(
        provider,
        cudaDeviceId,
        threads,
        interOpThreads,
        optimizationLevel,
        memoryPattern,
        cpuArena,
        profilingFile,
        logLevel,
        pinOutputs,
        sessionConfig);
  }

  /** These options with {@code threads} inter-op threads (0 = ORT default). */
  public RuntimeOptions withInterOpThreads(int threads) {
    return new RuntimeOptions(
        provider,
        cudaDeviceId,
        intraOpThreads,
        threads,
        optimizationLevel,
        memoryPattern,
        cpuArena,
        profilingFile,
        logLevel,
        pinOutputs,
        sessionConfig);
  }

  /** These options with another graph optimization level. */
  public RuntimeOptions withOptimizationLevel(OptLevel level) {
    return new RuntimeOptions(
        provider,
        cudaDeviceId,
        intraOpThreads,
        interOpThreads,
        level,
        memoryPattern,
        cpuArena,
        profilingFile,
        logLevel,
        pinOutputs,
        sessionConfig);
  }

  /** These options with memory-pattern planning on or off. */
  public RuntimeOptions withMemoryPattern(boolean enabled) {
    return new RuntimeOptions(
        provider,
        cudaDeviceId,
        intraOpThreads,
        interOpThreads,
        optimizationLevel,
        enabled,
        cpuArena,
        profilingFile,
        logLevel,
        pinOutputs,
        sessionConfig);
  }

  /** These options with the CPU arena allocator on or off. */
  public RuntimeOptions withCpuArena(boolean enabled) {
    return new RuntimeOptions(
        provider,
        cudaDeviceId,
        intraOpThreads,
        interOpThreads,
        optimizationLevel,
        memoryPattern,
        enabled,
        profilingFile,
        logLevel,
        pinOutputs,
        sessionConfig);
  }

  /** These options with ORT profiling writing to files starting with {@code prefix}. */
  public RuntimeOptions withProfilingFile(Path prefix) {
    return new RuntimeOptions(
        provider,
        cudaDeviceId,
        intraOpThreads,
        interOpThreads,
        optimizationLevel,
        memoryPattern,
        cpuArena,
        Optional.of(prefix),
        logLevel,
        pinOutputs,
        sessionConfig);
  }

  /** These options with another ORT session log level. */
  public RuntimeOptions withLogLevel(OrtLoggingLevel level) {
    return new RuntimeOptions(
        provider,
        cudaDeviceId,
        intraOpThreads,
        interOpThreads,
        optimizationLevel,
        memoryPattern,
        cpuArena,
        profilingFile,
        level,
        pinOutputs,
        sessionConfig);
  }

  /**
   * These options with ORT session configuration entry {@code key = value} added (replacing an
   * earlier value of the key), e.g. {@code session.intra_op.allow_spinning = 0}; the keys are ORT's
   * {@code onnxruntime_session_options_config_keys.h}, which ORT checks when the session is
   * created.
   */
  public RuntimeOptions withSessionConfig(String key, String value) {
    if (key == null || key.isBlank() || value == null) {
      throw new IllegalArgumentException(
          "RuntimeOptions.sessionConfig needs a key and a value, got " + key + " = " + value);
    }
    Map<String, String> entries = new TreeMap<>(sessionConfig);
    entries.put(key, value);
    return new RuntimeOptions(
        provider,
        cudaDeviceId,
        intraOpThreads,
        interOpThreads,
        optimizationLevel,
        memoryPattern,
        cpuArena,
        profilingFile,
        logLevel,
        pinOutputs,
        entries);
  }

  /** These options with output pinning on or off. */
  public RuntimeOptions withPinnedOutputs(boolean enabled) {
    return new RuntimeOptions(
        provider,
        cudaDeviceId,
        intraOpThreads,
        interOpThreads,
        optimizationLevel,
        memoryPattern,
        cpuArena,
        profilingFile,
        logLevel,
        enabled,
        sessionConfig);
  }

  private static void requirePresent(String field, Object value) {
    if (value == null) {
      throw new IllegalArgumentException("RuntimeOptions." + field + " must not be null");
    }
  }

  private static void requireNonNegative(String field, int value) {
    if (value < 0) {
      throw new IllegalArgumentException("RuntimeOptions." + field + " must be >= 0, got " + value);
    }
  }
}
