package ai.taskaware.diffusion.unet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.checkpoint.SafetensorsFile;
import ai.taskaware.core.graph.OnnxEmitter;
import ai.taskaware.core.runtime.OnnxSession;
import ai.taskaware.core.runtime.RuntimeOptions;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The tiny SD2.1-layout U-Net of {@code unet-tiny/} (diffusers 0.27.2 fixture) and helpers to run
 * slices of it against the reference tensors.
 */
final class UNetFixture {
  static final String[] INPUTS = {"sample", "timestep", "encoder_hidden_states"};

  private UNetFixture() {}

  static Path resource(String relative) {
    URL url = UNetFixture.class.getResource("/" + relative);
    if (url == null) {
      throw new IllegalStateException("missing test resource " + relative);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path folder() {
    return resource("unet-tiny/config.json").getParent();
  }

  /** The inputs of a reference case file, by graph input name. */
  static Map<String, INDArray> inputs(SafetensorsFile reference) {
    return Map.of(
        "sample", reference.floatArray("sample"),
        "timestep", reference.array("timestep"),
        "encoder_hidden_states", reference.floatArray("encoder_hidden_states"));
  }

  /** Emits and runs {@code slice} on {@code inputs}, returning every output by name. */
  static Map<String, INDArray> run(UNetSlice slice, Map<String, INDArray> inputs) {
    try (OnnxSession session =
        OnnxSession.open(OnnxEmitter.toBytes(slice.graph()), RuntimeOptions.cpu())) {
      return session.run(inputs, new HashSet<>(slice.outputs().values()));
    }
  }

  /** Largest absolute difference; the shapes must agree. */
  static double maxAbsDiff(INDArray actual, INDArray expected) {
    assertThat(actual.shape()).as("shape").containsExactly(expected.shape());
    return actual
        .castTo(DataType.DOUBLE)
        .sub(expected.castTo(DataType.DOUBLE))
        .amaxNumber()
        .doubleValue();
  }
}
