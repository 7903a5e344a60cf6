package ai.taskaware.llm.vqa;

import ai.taskaware.core.checkpoint.CheckpointException;
import ai.taskaware.core.checkpoint.SafetensorsFile;
import ai.taskaware.core.checkpoint.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;

/**
 * LLaVA's multimodal projector ({@code mm_projector}) read from a safetensors file: visual features
 * {@code [tokens, mm_hidden_size]} → prompt embeddings {@code [tokens, hidden_size]}, the projector
 * function of {@link LlavaStyleVqaModel}.
 *
 * <p>Two layouts, as LLaVA's {@code build_vision_projector} makes them: {@code linear} (tensors
 * {@code weight}, {@code bias}) and {@code mlpNx_gelu} (LLaVA-1.5's {@code mlp2x_gelu}: {@code
 * nn.Sequential(Linear, GELU, Linear)}, tensors {@code 0.weight}, {@code 0.bias}, {@code 2.weight},
 * {@code 2.bias}, …). Tensor names carry a prefix: LLaVA checkpoints store {@code
 * model.mm_projector.}; {@code mm_projector.} and none are found too. Weights are PyTorch's {@code
 * [out, in]}; any float dtype is read as float32, and GELU is the exact erf form of {@code
 * nn.GELU()}.
 *
 * <p>LLaVA ships {@code mm_projector.bin} as a PyTorch pickle, which is not read: convert it once
 * to safetensors (e.g. {@code safetensors.torch.save_file(torch.load("mm_projector.bin"),
 * "mm_projector.safetensors")}). Immutable and thread-safe.
 */
public final class LlavaProjector implements UnaryOperator<INDArray> {

  /** The prefixes tried, in order, when none is given. */
  public static final List<String> KNOWN_PREFIXES =
      List.of("model.mm_projector.", "mm_projector.", "");

  private static final double SQRT_HALF = Math.sqrt(0.5);

  private final Path file;
  private final String prefix;
  private final List<INDArray> weights; // each [in, out], transposed for x·W
  private final List<INDArray> biases; // each [1, out]

  private LlavaProjector(Path file, String prefix, List<INDArray> weights, List<INDArray> biases) {
    this.file = file;
    this.prefix = prefix;
    this.weights = List.copyOf(weights);
    this.biases = List.copyOf(biases);
  }

  /**
   * Loads {@code spec}: a file, or {@code FILE:PREFIX} naming the tensors' prefix (e.g. {@code
   * mm_projector.safetensors:model.mm_projector}); without one the {@link #KNOWN_PREFIXES} are
   * tried.
   *
   * @throws CheckpointException naming the file (and tensor) when it is missing, holds no projector
   *     or a tensor has the wrong rank or shape
   */
  public static LlavaProjector load(String spec) {
    Path whole = Path.of(spec);
    int colon = spec.lastIndexOf(':');
    if (Files.isRegularFile(whole) || colon <= 0) {
      return load(whole, null);
    }
    return load(Path.of(spec.substring(0, colon)), spec.substring(colon + 1));
  }

  /**
   * Loads the projector stored under {@code prefix} in {@code file} (a trailing dot is added when
   * missing); a null prefix tries the {@link #KNOWN_PREFIXES}.
   *
   * @throws CheckpointException naming the file (and tensor) when it is missing, holds no projector
   *     or a tensor has the wrong rank or shape
   */
  public static LlavaProjector load(Path file, String prefix) {
    if (!Files.isRegularFile(file)) {
      throw new CheckpointException(
          file, null, "no such file (expected the mm_projector weights as .safetensors)");
    }
    try (SafetensorsFile st = SafetensorsFile.open(file)) {
      String p = prefix == null ? detectPrefix(st) : withDot(prefix);
      List<INDArray> weights = new ArrayList<>();
      List<INDArray> biases = new ArrayList<>();
      if (st.names().contains(p + "weight")) {
        addLayer(st, p + "weight", p + "bias", -1, weights, biases);
      } else {
        if (!st.names().contains(p + "0.weight")) {
          throw new CheckpointException(
              file,
              p + "0.weight",
              "no projector under prefix '"
                  + p
                  + "': expected "
                  + p
                  + "weight (linear) or "
                  + p
                  + "0.weight, 2.weight, … (mlp2x_gelu); the file holds "
                  + excerpt(st));
        }
        for (int i = 0; st.names().contains(p + i + ".weight"); i += 2) {
          int in = weights.isEmpty() ? -1 : (int) weights.get(weights.size() - 1).size(1);
          addLayer(st, p + i + ".weight", p + i + ".bias", in, weights, biases);
        }
      }
      return new LlavaProjector(file, p, weights, biases);
    }
  }

  private static String detectPrefix(SafetensorsFile st) {
    for (String p : KNOWN_PREFIXES) {
      if (st.names().contains(p + "0.weight") || st.names().contains(p + "weight")) {
        return p;
      }
    }
    throw new CheckpointException(
        st.file(),
        "model.mm_projector.0.weight",
        "no projector tensors: expected model.mm_projector.{0,2}.weight/.bias (mlp2x_gelu) or"
            + " …weight/bias (linear) under one of the prefixes "
            + KNOWN_PREFIXES
            + ", or give FILE:PREFIX; the file holds "
            + excerpt(st));
  }

  private static void addLayer(
      SafetensorsFile st,
      String weightName,
      String biasName,
      int expectedIn,
      List<INDArray> weights,
      List<INDArray> biases) {
    long[] w = shape(st, weightName, 2);
    if (expectedIn >= 0 && w[1] != expectedIn) {
      throw new CheckpointException(
          st.file(),
          weightName,
          "shape "
              + Arrays.toString(w)
              + " does not follow the previous layer: expected [out, "
              + expectedIn
              + "]");
    }
    long[] b = shape(st, biasName, 1);
    if (b[0] != w[0]) {
      throw new CheckpointException(
          st.file(),
          biasName,
          "shape " + Arrays.toString(b) + ", expected [" + w[0] + "] (the weight's rows)");
    }
    weights.add(st.floatArray(weightName).castTo(DataType.FLOAT).transpose().dup('c'));
    biases.add(st.floatArray(biasName).castTo(DataType.FLOAT).reshape(1, b[0]).dup('c'));
  }

  private static long[] shape(SafetensorsFile st, String name, int rank) {
    if (!st.names().contains(name)) {
      throw new CheckpointException(st.file(), name, "missing; the file holds " + excerpt(st));
    }
    TensorInfo info = st.info(name);
    if (info.shape().length != rank || !info.dtype().isFloatingPoint()) {
      throw new CheckpointException(
          st.file(),
          name,
          info.dtype()
              + " "
              + Arrays.toString(info.shape())
              + ", expected a floating-point tensor of rank "
              + rank);
    }
    return info.shape();
  }

  private static String withDot(String prefix) {
    return prefix.isEmpty() || prefix.endsWith(".") ? prefix : prefix + ".";
  }

  private static String excerpt(SafetensorsFile st) {
    List<String> names = new ArrayList<>(new TreeSet<>(st.names()));
    return names.size() <= 8
        ? names.toString()
        : names.subList(0, 8) + " and " + (names.size() - 8) + " more";
  }

  /** {@code "linear"} or LLaVA's {@code "mlp<N>x_gelu"}. */
  public String kind() {
    return weights.size() == 1 ? "linear" : "mlp" + weights.size() + "x_gelu";
  }

  /** The prefix the tensors were read under (ending with a dot, or empty). */
  public String prefix() {
    return prefix;
  }

  /** The feature width it takes ({@code mm_hidden_size}). */
  public int inputSize() {
    return (int) weights.get(0).size(0);
  }

  /** The embedding width it produces ({@code hidden_size}). */
  public int outputSize() {
    return (int) weights.get(weights.size() - 1).size(1);
  }

  /**
   * Checks that the projector fits a visual encoder of {@code featureSize} channels and a language
   * model of {@code hiddenSize}.
   *
   * @throws CheckpointException naming the first or last layer's weight and both sizes otherwise
   */
  public LlavaProjector requireSizes(int featureSize, int hiddenSize) {
    String first = weights.size() == 1 ? prefix + "weight" : prefix + "0.weight";
    String last = weights.size() == 1 ? first : prefix + (2 * (weights.size() - 1)) + ".weight";
    if (inputSize() != featureSize) {
      throw new CheckpointException(
          file,
          first,
          "takes "
              + inputSize()
              + " input features ([out, in] = ["
              + weights.get(0).size(1)
              + ", "
              + inputSize()
              + "]), but the visual encoder gives "
              + featureSize);
    }
    if (outputSize() != hiddenSize) {
      throw new CheckpointException(
          file,
          last,
          "produces "
              + outputSize()
              + "-wide embeddings, but the language model's hidden_size is "
              + hiddenSize);
    }
    return this;
  }

  /**
   * Projects one image's features.
   *
   * @param features {@code [tokens, inputSize()]}
   * @return {@code [tokens, outputSize()]}, float32
   * @throws IllegalArgumentException when the width is not {@link #inputSize()}
   */
  @Override
  public INDArray apply(INDArray features) {
    if (features.rank() != 2 || features.size(1) != inputSize()) {
      throw new IllegalArgumentException(
          "projector "
              + file
              + " takes [tokens, "
              + inputSize()
              + "], got "
              + Arrays.toString(features.shape()));
    }
    INDArray x = features.castTo(DataType.FLOAT);
    for (int i = 0; i < weights.size(); i++) {
      if (i > 0) {
        x = gelu(x);
      }
      x = x.mmul(weights.get(i)).addiRowVector(biases.get(i));
    }
    return x;
  }

  /** {@code nn.GELU()}: x·½·(1 + erf(x/√2)). */
  private static INDArray gelu(INDArray x) {
    INDArray erf = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
    Nd4j.getExecutioner().exec(new Erf(x.mul(SQRT_HALF), erf));
    return erf.addi(1.0).muli(x).muli(0.5);
  }
}
