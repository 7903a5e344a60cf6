package ai.taskaware.clip;

import ai.taskaware.core.checkpoint.SafetensorsFile;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Test resources and comparisons. */
public final class Fixtures {
  private Fixtures() {}

  /** A test resource as a path. */
  public static Path resource(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource " + name, e);
    }
  }

  /** Opens a reference safetensors file of the test resources. */
  public static SafetensorsFile reference(String name) {
    return SafetensorsFile.open(resource(name));
  }

  /** max |a − b| in float64, after checking the shapes agree. */
  public static double maxAbsDiff(INDArray a, INDArray b) {
    if (!java.util.Arrays.equals(a.shape(), b.shape())) {
      throw new AssertionError(
          "shape "
              + java.util.Arrays.toString(a.shape())
              + " vs "
              + java.util.Arrays.toString(b.shape()));
    }
    return Transforms.abs(a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)))
        .maxNumber()
        .doubleValue();
  }
}
