package ai.taskaware.diffusion.unet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.checkpoint.DType;
import ai.taskaware.core.checkpoint.SafetensorsFile;
import ai.taskaware.core.checkpoint.SafetensorsWriter;
import ai.taskaware.diffusion.tap.TapName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * fp16 and bf16 checkpoints build the same float32 graph as float32 weights holding the same
 * rounded values: the weights are widened exactly, nothing else changes.
 */
class UNetHalfWeightsTest {
  @TempDir Path dir;

  private Path folder(String name, DataType stored, DataType rounding) throws IOException {
    Path folder = Files.createDirectories(dir.resolve(name));
    Files.copy(UNetFixture.folder().resolve("config.json"), folder.resolve("config.json"));
    SafetensorsWriter writer = new SafetensorsWriter();
    try (SafetensorsFile weights =
        SafetensorsFile.open(UNetFixture.folder().resolve("diffusion_pytorch_model.safetensors"))) {
      for (String n : weights.names()) {
        writer.add(n, weights.floatArray(n).castTo(rounding).castTo(stored));
      }
    }
    writer.write(folder.resolve("diffusion_pytorch_model.safetensors"));
    return folder;
  }

  @Test
  void halfPrecisionWeightsAreWidenedExactly() throws IOException {
    List<TapName> taps =
        List.of(TapName.parse("D-L1-R1-B0-Cross-Q"), TapName.parse("down_blocks.1"));
    try (SafetensorsFile reference =
        SafetensorsFile.open(UNetFixture.resource("unet-tiny/case_b1_t50_cond.safetensors"))) {
      Map<String, INDArray> inputs = UNetFixture.inputs(reference);
      for (DataType half : List.of(DataType.HALF, DataType.BFLOAT16)) {
        Map<String, INDArray> widened;
        Map<String, INDArray> rounded;
        UNetSlice slice;
        try (UNetCheckpoint h = UNetCheckpoint.open(folder(half + "-stored", half, half))) {
          assertThat(h.weights().info("down_blocks.1.resnets.0.conv1.weight").dtype())
              .isEqualTo(half == DataType.HALF ? DType.F16 : DType.BF16);
          slice = UNetGraph.slice(h, taps);
          widened = UNetFixture.run(slice, inputs);
        }
        try (UNetCheckpoint f =
            UNetCheckpoint.open(folder(half + "-rounded", DataType.FLOAT, half))) {
          rounded = UNetFixture.run(UNetGraph.slice(f, taps), inputs);
        }
        for (TapName t : taps) {
          String out = slice.outputName(t);
          double diff = UNetFixture.maxAbsDiff(widened.get(out), rounded.get(out));
          System.out.printf("%s weights, %s: max|diff| %.3e%n", half, t, diff);
          assertThat(diff).isZero();
        }
      }
    }
  }
}
