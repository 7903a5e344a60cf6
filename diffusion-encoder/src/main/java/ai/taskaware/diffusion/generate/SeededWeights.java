package ai.taskaware.diffusion.generate;

import ai.taskaware.core.checkpoint.SafetensorsWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded random weights for diffusers / transformers modules, drawn so that activations stay near
 * unit scale through any depth.
 *
 * <p>Each tensor has its own generator ({@link SplittableRandom}) seeded from the checkpoint seed
 * and the tensor's name, so a tensor's values do not depend on which other tensors are written or
 * in what order (and a renamed copy can be written with the same values). Draws, by the role the
 * name and rank give away:
 *
 * <ul>
 *   <li>matrices and convolution kernels: N(0, 1/fan_in), fan_in = product of all dimensions but
 *       the first — a unit-variance input gives unit-variance outputs, the variance-preserving
 *       ("LeCun normal") choice; residual streams then grow only slowly with depth and every
 *       GroupNorm/LayerNorm brings them back to unit scale;
 *   <li>norm scales ({@code norm*}, {@code *layer_norm*}, {@code *_norm*} {@code .weight} vectors):
 *       1 + N(0, 0.1²), so the normalisation is not an identity map but stays near it;
 *   <li>biases and norm shifts: N(0, 0.1²), non-trivial yet small next to the unit-scale signal;
 *   <li>embedding tables ({@code *embedding.weight} of rank 2): N(0, 1), like hidden states.
 * </ul>
 */
public final class SeededWeights {
  private static final double NORM_SCALE_SPREAD = 0.1;
  private static final double BIAS_SPREAD = 0.1;

  private SeededWeights() {}

  /** The float32 tensor {@code name} of {@code shape} for checkpoint seed {@code seed}. */
  public static INDArray draw(String name, long[] shape, long seed) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "tensor " + name + " has " + n + " elements, more than one float array holds");
    }
    SplittableRandom random = new SplittableRandom(seed ^ nameHash(name));
    float[] data = new float[(int) n];
    boolean vector = shape.length == 1;
    boolean normScale = vector && name.endsWith(".weight") && isNorm(name);
    boolean embedding = shape.length == 2 && name.endsWith("embedding.weight");
    double mean = normScale ? 1.0 : 0.0;
    double spread;
    if (normScale) {
      spread = NORM_SCALE_SPREAD;
    } else if (vector) {
      spread = BIAS_SPREAD;
    } else if (embedding) {
      spread = 1.0;
    } else {
      spread = 1.0 / Math.sqrt((double) n / shape[0]);
    }
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) (mean + spread * gaussian(random));
    }
    return Nd4j.create(data, shape, 'c');
  }

  /**
   * Writes one safetensors file with a tensor for every entry of {@code shapes}, stored under the
   * name {@code rename} gives it (values are drawn for the original name).
   */
  public static void write(
      Map<String, long[]> shapes, long seed, UnaryOperator<String> rename, Path file) {
    SafetensorsWriter writer = new SafetensorsWriter();
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      writer.add(rename.apply(e.getKey()), draw(e.getKey(), e.getValue(), seed));
    }
    writer.write(file);
  }

  private static boolean isNorm(String name) {
    String module = name.substring(0, name.length() - ".weight".length());
    String last = module.substring(module.lastIndexOf('.') + 1);
    return last.startsWith("norm")
        || last.endsWith("norm")
        || last.contains("layer_norm")
        || last.contains("layernorm")
        || last.equals("group_norm")
        || last.equals("conv_norm_out")
        || last.startsWith("ln");
  }

  /** Box–Muller on the splittable generator (deterministic across JVMs). */
  private static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2.0 * Math.PI * v);
  }

  private static long nameHash(String name) {
    long h = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
