package ai.taskaware.core.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import ai.taskaware.core.runtime.TensorConversion.ArrayBackedTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ONNX model loaded into one ONNX Runtime session, run with ND4J {@link INDArray} tensors.
 *
 * <p>{@link #run} checks the inputs against the model's declared signature (names, element types,
 * ranks and fixed dimensions) before ORT sees them, asks ORT only for the requested outputs, and
 * closes every ORT tensor and result it creates. Contiguous inputs are read by ORT in place;
 * outputs whose declared shape is fully static are written by ORT straight into new INDArrays
 * (ORT's pinned outputs, see {@link RuntimeOptions#pinOutputs()}); other outputs are copied once.
 *
 * <p>Requesting fewer outputs saves their copy-out and allocation, not their computation: ORT 1.29
 * executes every node of the graph on each run whatever outputs are fetched (seen in its profiler
 * trace). A branch that is never needed must be cut from the graph when it is built.
 *
 * <p>Thread safety: {@link #run} may be called from any number of threads at once, as ORT sessions
 * are safe for concurrent {@code Run} calls and every call here uses its own tensors. {@link
 * #close} waits for running calls to finish; later calls fail with {@link OnnxSessionException}.
 */
public final class OnnxSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxSession.class);

  private final OrtEnvironment env;
  private final OrtSession session;
  private final String model;
  private final RuntimeOptions options;
  private final Map<String, TensorSpec> inputs;
  private final Map<String, TensorSpec> outputs;
  // Read lock: a run in progress; write lock: closing. ORT must not free a session mid-run.
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private OnnxSession(OrtEnvironment env, OrtSession session, String model, RuntimeOptions options)
      throws OrtException {
    this.env = env;
    this.session = session;
    this.model = model;
    this.options = options;
    this.inputs = signature(session.getInputInfo(), "input");
    this.outputs = signature(session.getOutputInfo(), "output");
  }

  /**
   * Loads the model in {@code onnxFile} (external-data files are found next to it).
   *
   * @throws OnnxSessionException when the file is missing or ORT cannot load it, or when it has a
   *     non-tensor input or output
   * @throws ExecutionProviderUnavailableException when the requested provider cannot be used
   */
  public static OnnxSession open(Path onnxFile, RuntimeOptions options) {
    String model = String.valueOf(onnxFile);
    if (onnxFile == null || !Files.isRegularFile(onnxFile)) {
      throw new OnnxSessionException(model, null, "model file does not exist or is not a file");
    }
    return create(model, options, (env, so) -> env.createSession(onnxFile.toString(), so));
  }

  /**
   * Loads a serialized {@code ModelProto}. The model cannot use external data.
   *
   * @throws OnnxSessionException when ORT cannot load the bytes as a model, or when it has a
   *     non-tensor input or output
   * @throws ExecutionProviderUnavailableException when the requested provider cannot be used
   */
  public static OnnxSession open(byte[] model, RuntimeOptions options) {
    if (model == null) {
      throw new OnnxSessionException("<in-memory model>", null, "model bytes are null");
    }
    String label = "<in-memory model, " + model.length + " bytes>";
    return create(label, options, (env, so) -> env.createSession(model, so));
  }

  /** The model file path, or {@code <in-memory model, N bytes>}; used in every error message. */
  public String model() {
    return model;
  }

  /** The options the session was opened with. */
  public RuntimeOptions options() {
    return options;
  }

  /** The model's inputs in graph order, by name. */
  public Map<String, TensorSpec> inputs() {
    return inputs;
  }

  /** The model's outputs in graph order, by name. */
  public Map<String, TensorSpec> outputs() {
    return outputs;
  }

  /**
   * Runs the model on {@code feeds}, computing and returning only {@code requestedOutputs}.
   *
   * <p>The input arrays are not modified and may be views of any layout. The returned arrays are
   * new, C-ordered and owned by the caller.
   *
   * @param feeds one array per model input, by input name
   * @param requestedOutputs the outputs wanted (at least one)
   * @return the requested outputs by name
   * @throws OnnxSessionException naming the tensor when an input name is unknown, an input is
   *     missing or has the wrong element type, rank or fixed dimension, an output name is unknown,
   *     ORT fails, or the session is closed
   */
  public Map<String, INDArray> run(Map<String, INDArray> feeds, Set<String> requestedOutputs) {
    if (feeds == null || requestedOutputs == null) {
      throw new OnnxSessionException(model, null, "inputs and requested outputs must not be null");
    }
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new OnnxSessionException(model, null, "session is closed");
      }
      checkFeeds(feeds);
      checkRequested(requestedOutputs);
      return runChecked(feeds, requestedOutputs);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private Map<String, INDArray> runChecked(Map<String, INDArray> feeds, Set<String> requested) {
    List<ArrayBackedTensor> owned = new ArrayList<>();
    String current = null;
    try {
      Map<String, OnnxTensor> ortInputs = new LinkedHashMap<>();
      for (Map.Entry<String, INDArray> feed : feeds.entrySet()) {
        current = feed.getKey();
        ArrayBackedTensor tensor = TensorConversion.toOnnxTensor(env, feed.getValue());
        owned.add(tensor);
        ortInputs.put(feed.getKey(), tensor.tensor());
      }
      Map<String, ArrayBackedTensor> pinned = new LinkedHashMap<>();
      Set<String> fetched = new LinkedHashSet<>();
      for (String name : requested) {
        current = name;
        TensorSpec spec = outputs.get(name);
        if (options.pinOutputs() && spec.isStatic() && elementCount(spec.shape()) > 0) {
          ArrayBackedTensor target = TensorConversion.allocate(env, spec.dataType(), spec.shape());
          owned.add(target);
          pinned.put(name, target);
        } else {
          fetched.add(name);
        }
      }
      current = null;
      Map<String, OnnxTensor> pinnedTensors = new LinkedHashMap<>();
      pinned.forEach((name, target) -> pinnedTensors.put(name, target.tensor()));
      Map<String, INDArray> results = new LinkedHashMap<>();
      try (OrtSession.Result result = session.run(ortInputs, fetched, pinnedTensors)) {
        for (String name : requested) {
          ArrayBackedTensor target = pinned.get(name);
          if (target != null) {
            results.put(name, target.array());
            continue;
          }
          current = name;
          Optional<OnnxValue> value = result.get(name);
          if (value.isEmpty() || !(value.get() instanceof OnnxTensor tensor)) {
            throw new OnnxSessionException(
                model, name, "ONNX Runtime returned no tensor for this requested output");
          }
          results.put(name, TensorConversion.toINDArray(tensor));
        }
      }
      return results;
    } catch (OrtException e) {
      throw new OnnxSessionException(
          model, current, "ONNX Runtime failed to run the model: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new OnnxSessionException(model, current, e.getMessage(), e);
    } finally {
      for (ArrayBackedTensor tensor : owned) {
        tensor.close();
      }
    }
  }

  private void checkFeeds(Map<String, INDArray> feeds) {
    for (Map.Entry<String, INDArray> feed : feeds.entrySet()) {
      String name = feed.getKey();
      TensorSpec spec = inputs.get(name);
      if (spec == null) {
        throw new OnnxSessionException(
            model, name, "unknown input; the model's inputs are " + inputs.values());
      }
      INDArray array = feed.getValue();
      if (array == null) {
        throw new OnnxSessionException(model, name, "input array is null; expected " + spec);
      }
      checkInput(spec, array);
    }
    List<String> missing = new ArrayList<>();
    for (String name : inputs.keySet()) {
      if (!feeds.containsKey(name)) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new OnnxSessionException(
          model,
          missing.get(0),
          "missing input(s) " + missing + "; the model's inputs are " + inputs.values());
    }
  }

  private void checkInput(TensorSpec spec, INDArray array) {
    String name = spec.name();
    long[] shape = array.shape();
    String got = array.dataType() + Arrays.toString(shape);
    if (array.dataType() != spec.dataType()) {
      throw new OnnxSessionException(
          model,
          name,
          "input must have element type " + spec.dataType() + " (" + spec + "), got " + got);
    }
    long[] declared = spec.shape();
    // A declared rank of 0 is also what ORT reports when the model gives no shape at all, so
    // only a positive declared rank is enforced here; ORT checks the rest.
    if (declared.length == 0) {
      return;
    }
    if (shape.length != declared.length) {
      throw new OnnxSessionException(
          model, name, "input must have rank " + declared.length + " (" + spec + "), got " + got);
    }
    for (int i = 0; i < declared.length; i++) {
      if (declared[i] >= 0 && declared[i] != shape[i]) {
        throw new OnnxSessionException(
            model,
            name,
            "input dimension " + i + " must be " + declared[i] + " (" + spec + "), got " + got);
      }
    }
  }

  private void checkRequested(Set<String> requested) {
    if (requested.isEmpty()) {
      throw new OnnxSessionException(
          model, null, "no outputs requested; the model's outputs are " + outputs.values());
    }
    for (String name : requested) {
      if (!outputs.containsKey(name)) {
        throw new OnnxSessionException(
            model, name, "unknown output; the model's outputs are " + outputs.values());
      }
    }
  }

  /**
   * Ends profiling (when it is on) and releases the ORT session, after waiting for running calls.
   * Closing twice is harmless.
   *
   * @throws OnnxSessionException when ORT fails to release the session
   */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (options.profilingFile().isPresent()) {
        LOG.info("{}: ORT profile written to {}", model, session.endProfiling());
      }
      session.close();
    } catch (OrtException e) {
      throw new OnnxSessionException(model, null, "ONNX Runtime failed to close: " + e, e);
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "OnnxSession[" + model + ", " + options.provider() + "]";
  }

  private Map<String, TensorSpec> signature(Map<String, NodeInfo> infos, String kind) {
    Map<String, TensorSpec> specs = new LinkedHashMap<>();
    for (NodeInfo node : infos.values()) {
      ValueInfo info = node.getInfo();
      if (!(info instanceof TensorInfo tensor)) {
        throw new OnnxSessionException(
            model, node.getName(), kind + " is not a tensor (" + info + "); only tensors are run");
      }
      DataType dataType = TensorConversion.dataTypeOf(tensor.onnxType);
      if (dataType == null) {
        throw new OnnxSessionException(
            model,
            node.getName(),
            kind
                + " has element type "
                + tensor.onnxType
                + ", which has no ND4J equivalent; supported: float, double, float16, bfloat16,"
                + " int64, int32, int16, int8, uint8, bool");
      }
      specs.put(
          node.getName(),
          new TensorSpec(
              node.getName(),
              dataType,
              tensor.getShape(),
              Arrays.asList(tensor.getDimensionNames())));
    }
    return Collections.unmodifiableMap(specs);
  }

  private static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** How a session is made from prepared options: from a file or from bytes. */
  private interface SessionSource {
    OrtSession create(OrtEnvironment env, SessionOptions sessionOptions) throws OrtException;
  }

  private static OnnxSession create(String model, RuntimeOptions options, SessionSource source) {
    if (options == null) {
      throw new OnnxSessionException(model, null, "runtime options must not be null");
    }
    CommandLineGuard.check(model);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    // ORT copies the options into the session, so they can be released right after creation.
    try (SessionOptions sessionOptions = sessionOptions(model, options)) {
      OrtSession session = source.create(env, sessionOptions);
      try {
        return new OnnxSession(env, session, model, options);
      } catch (RuntimeException | OrtException e) {
        session.close();
        throw e;
      }
    } catch (OrtException e) {
      throw new OnnxSessionException(
          model, null, "ONNX Runtime could not load the model: " + e.getMessage(), e);
    }
  }

  private static SessionOptions sessionOptions(String model, RuntimeOptions options)
      throws OrtException {
    SessionOptions so = new SessionOptions();
    try {
      so.setOptimizationLevel(options.optimizationLevel());
      if (options.intraOpThreads() > 0) {
        so.setIntraOpNumThreads(options.intraOpThreads());
      }
      if (options.interOpThreads() > 0) {
        so.setInterOpNumThreads(options.interOpThreads());
      }
      so.setMemoryPatternOptimization(options.memoryPattern());
      so.setCPUArenaAllocator(options.cpuArena());
      so.setSessionLogLevel(options.logLevel());
      for (Map.Entry<String, String> e : options.sessionConfig().entrySet()) {
        so.addConfigEntry(e.getKey(), e.getValue());
      }
      if (options.profilingFile().isPresent()) {
        so.enableProfiling(options.profilingFile().get().toString());
      }
      if (options.provider() == ExecutionProvider.CUDA) {
        addCuda(so, model, options.cudaDeviceId());
      }
      return so;
    } catch (OrtException | RuntimeException e) {
      so.close();
      throw e;
    }
  }

  private static void addCuda(SessionOptions so, String model, int deviceId) {
    boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    // Library names are only known for Linux; elsewhere ORT's own error is the only check.
    CudaLibraries libraries = linux ? CudaLibraries.ofThisMachine() : null;
    Optional<ExecutionProviderUnavailableException> problem =
        cudaUnavailable(model, OrtEnvironment.getAvailableProviders(), libraries);
    if (problem.isPresent()) {
      throw problem.get();
    }
    try {
      so.addCUDA(deviceId);
    } catch (OrtException e) {
      throw new ExecutionProviderUnavailableException(
          model,
          ExecutionProvider.CUDA,
          List.of(),
          "ONNX Runtime could not add the CUDA execution provider on device "
              + deviceId
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Why CUDA cannot be used, if it cannot: the loaded ORT build lacks the provider, or required
   * libraries are missing (not checked when {@code libraries} is null).
   */
  static Optional<ExecutionProviderUnavailableException> cudaUnavailable(
      String model, Set<OrtProvider> availableProviders, CudaLibraries libraries) {
    boolean providerBuiltIn = availableProviders.contains(OrtProvider.CUDA);
    List<String> missing = libraries == null ? List.of() : libraries.missing();
    if (providerBuiltIn && missing.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder message = new StringBuilder("the CUDA execution provider is unavailable");
    if (!providerBuiltIn) {
      message
          .append("; the ONNX Runtime on the class path has no CUDA provider (available: ")
          .append(availableProviders)
          .append("): it is the CPU-only 'onnxruntime' artifact, build with the Maven profile")
          .append(" -Pcuda to use 'onnxruntime_gpu'");
    }
    if (!missing.isEmpty()) {
      message
          .append("; missing CUDA 12 / cuDNN 9 libraries: ")
          .append(String.join(", ", missing))
          .append(" (searched ")
          .append(libraries.searchDirectories())
          .append(" and the ldconfig cache)");
      List<String> others = new ArrayList<>();
      for (String library : missing) {
        others.addAll(libraries.otherVersions(library));
      }
      if (!others.isEmpty()) {
        message
            .append("; found other major versions that ORT's CUDA provider cannot load: ")
            .append(String.join(", ", others));
      }
    }
    return Optional.of(
        new ExecutionProviderUnavailableException(
            model, ExecutionProvider.CUDA, missing, message.toString(), null));
  }
}
