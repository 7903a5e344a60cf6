package ai.taskaware.llm.vqa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.taskaware.core.checkpoint.CheckpointException;
import ai.taskaware.core.checkpoint.SafetensorsWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** LLaVA's mm_projector from safetensors: layouts, prefixes, exact GELU, named shape errors. */
class LlavaProjectorTest {

  @TempDir Path dir;

  private static INDArray matrix(double... v) {
    return Nd4j.createFromArray(v).castTo(DataType.FLOAT);
  }

  /** in 2 → 2 → out 1: W0 = I, b0 = (0, −1.5); W2 = (1, 1), b2 = 0.25 (PyTorch [out, in]). */
  private Path mlp(String prefix, DataType dtype) {
    SafetensorsWriter w = new SafetensorsWriter();
    w.add(prefix + "0.weight", matrix(1, 0, 0, 1).reshape(2, 2).castTo(dtype));
    w.add(prefix + "0.bias", matrix(0, -1.5).castTo(dtype));
    w.add(prefix + "2.weight", matrix(1, 1).reshape(1, 2).castTo(dtype));
    w.add(prefix + "2.bias", matrix(0.25).castTo(dtype));
    Path file = dir.resolve("proj-" + dtype + ".safetensors");
    w.write(file);
    return file;
  }

  @Test
  void mlp2xGeluIsLinearExactGeluLinear() {
    LlavaProjector p = LlavaProjector.load(mlp("model.mm_projector.", DataType.FLOAT).toString());
    assertThat(p.kind()).isEqualTo("mlp2x_gelu");
    assertThat(p.prefix()).isEqualTo("model.mm_projector.");
    assertThat(p.inputSize()).isEqualTo(2);
    assertThat(p.outputSize()).isEqualTo(1);
    INDArray out = p.apply(matrix(1, 1, 2, 1).reshape(2, 2));
    // GELU(x) = x·Φ(x): Φ(1) = 0.8413447460685429, Φ(−0.5) = 0.3085375387259869,
    // Φ(2) = 0.9772498680518208 (torch.nn.GELU() gives the same to float precision)
    double gelu1 = 0.8413447460685429;
    double geluMinusHalf = -0.5 * 0.3085375387259869;
    double gelu2 = 2 * 0.9772498680518208;
    assertThat(out.shape()).containsExactly(2, 1);
    assertThat(out.getDouble(0, 0)).isCloseTo(gelu1 + geluMinusHalf + 0.25, within(1e-6));
    assertThat(out.getDouble(1, 0)).isCloseTo(gelu2 + geluMinusHalf + 0.25, within(1e-6));
  }

  @Test
  void halfPrecisionAndOtherPrefixesAndAnExplicitPrefixAreRead() {
    LlavaProjector half = LlavaProjector.load(mlp("mm_projector.", DataType.HALF), null);
    assertThat(half.prefix()).isEqualTo("mm_projector.");
    assertThat(half.apply(matrix(1, 1).reshape(1, 2)).getDouble(0, 0))
        .isCloseTo(0.8413447 - 0.1542688 + 0.25, within(2e-3));
    Path custom = mlp("vision.proj.", DataType.FLOAT);
    assertThat(LlavaProjector.load(custom + ":vision.proj").prefix()).isEqualTo("vision.proj.");
    assertThatThrownBy(() -> LlavaProjector.load(custom, null))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("model.mm_projector.0.weight")
        .hasMessageContaining("vision.proj.0.weight");
  }

  @Test
  void aSingleLinearLayer() {
    SafetensorsWriter w = new SafetensorsWriter();
    w.add("model.mm_projector.weight", matrix(2, 0, 0, 3, 1, 1).reshape(3, 2));
    w.add("model.mm_projector.bias", matrix(1, 0, -1));
    Path file = dir.resolve("linear.safetensors");
    w.write(file);
    LlavaProjector p = LlavaProjector.load(file, null);
    assertThat(p.kind()).isEqualTo("linear");
    INDArray out = p.apply(matrix(1, 2).reshape(1, 2));
    assertThat(out.toDoubleVector()).containsExactly(3, 6, 2);
  }

  @Test
  void shapeErrorsNameTheTensor() {
    SafetensorsWriter w = new SafetensorsWriter();
    w.add("model.mm_projector.0.weight", matrix(1, 0, 0, 1, 1, 1).reshape(3, 2));
    w.add("model.mm_projector.0.bias", matrix(0, 0, 0));
    w.add("model.mm_projector.2.weight", matrix(1, 1).reshape(1, 2));
    w.add("model.mm_projector.2.bias", matrix(0));
    Path file = dir.resolve("bad.safetensors");
    w.write(file);
    assertThatThrownBy(() -> LlavaProjector.load(file, null))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("[tensor 'model.mm_projector.2.weight']")
        .hasMessageContaining("[out, 3]");
    LlavaProjector ok = LlavaProjector.load(mlp("model.mm_projector.", DataType.FLOAT), null);
    assertThatThrownBy(() -> ok.requireSizes(1024, 1))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("[tensor 'model.mm_projector.0.weight']")
        .hasMessageContaining("visual encoder gives 1024");
    assertThatThrownBy(() -> ok.requireSizes(2, 4096))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("[tensor 'model.mm_projector.2.weight']")
        .hasMessageContaining("hidden_size is 4096");
    assertThatThrownBy(() -> LlavaProjector.load(dir.resolve("none.safetensors"), null))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("none.safetensors");
  }
}
