package ai.taskaware.diffusion.unet;

import ai.taskaware.core.checkpoint.SafetensorsWriter;
import ai.taskaware.core.checkpoint.config.UNet2DConditionConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.factory.Nd4j;

/** Writes diffusers-layout {@code unet/} folders with seeded random weights, for shape tests. */
final class RandomUNets {
  private RandomUNets() {}

  /**
   * Writes {@code configJson} and, for every weight its layout needs, a seeded random tensor (norm
   * scales near 1, others small); {@code reshape} may change a weight's shape (return null to leave
   * the weight out).
   */
  static Path write(Path folder, String configJson, long seed, UnaryOperator<WeightSpec> reshape) {
    try {
      Files.createDirectories(folder);
      Path config = folder.resolve("config.json");
      Files.writeString(config, configJson);
      UNetLayout layout = UNetLayout.of(UNet2DConditionConfig.read(config), config);
      Random random = new Random(seed);
      SafetensorsWriter writer = new SafetensorsWriter();
      for (Map.Entry<String, long[]> e : layout.expectedWeights().entrySet()) {
        WeightSpec spec = reshape.apply(new WeightSpec(e.getKey(), e.getValue()));
        if (spec == null) {
          continue;
        }
        long n = 1;
        for (long d : spec.shape()) {
          n *= d;
        }
        boolean normScale = spec.name().endsWith(".weight") && spec.shape().length == 1;
        long fanIn = spec.shape().length > 1 ? n / spec.shape()[0] : 1;
        double scale = normScale ? 0.1 : 1.0 / Math.sqrt(fanIn);
        float[] data = new float[Math.toIntExact(n)];
        for (int i = 0; i < data.length; i++) {
          data[i] = (float) ((normScale ? 1.0 : 0.0) + scale * random.nextGaussian());
        }
        writer.add(spec.name(), Nd4j.create(data, spec.shape(), 'c'));
      }
      writer.write(folder.resolve("diffusion_pytorch_model.safetensors"));
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A weight's name and shape. */
  record WeightSpec(String name, long[] shape) {}
}
