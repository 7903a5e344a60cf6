package ai.taskaware.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link PixelTensors} layout and arithmetic. */
class PixelTensorsTest {
  @Test
  void batchIsNchwFloat32WithTransformersArithmetic() {
    RgbImage a = ImageDecoderTest.gradient(4, 3);
    RgbImage b = invert(a);
    INDArray batch = PixelTensors.toNchw(List.of(a, b), PixelNormalization.CLIP);
    assertThat(batch.dataType()).isEqualTo(DataType.FLOAT);
    assertThat(batch.shape()).containsExactly(2, 3, 3, 4);
    float[] mean = PixelNormalization.CLIP.mean();
    float[] std = PixelNormalization.CLIP.std();
    for (int n = 0; n < 2; n++) {
      RgbImage image = n == 0 ? a : b;
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < 3; y++) {
          for (int x = 0; x < 4; x++) {
            float rescaled = (float) (image.get(x, y, c) * (1 / 255.0));
            float expected = (rescaled - mean[c]) / std[c];
            assertThat(batch.getFloat(n, c, y, x)).isEqualTo(expected);
          }
        }
      }
    }
  }

  @Test
  void stableDiffusionMapsToMinusOneToOne() {
    byte[] hwc = {0, (byte) 255, 51, 0, 0, 0};
    INDArray x = PixelTensors.toNchw(new RgbImage(2, 1, hwc), PixelNormalization.STABLE_DIFFUSION);
    assertThat(x.getFloat(0, 0, 0, 0)).isEqualTo(-1f);
    assertThat(x.getFloat(0, 1, 0, 0)).isEqualTo(1f);
    assertThat((double) x.getFloat(0, 2, 0, 0))
        .isCloseTo(51 / 127.5 - 1, org.assertj.core.data.Offset.offset(1e-7));
  }

  @Test
  void rejectsMixedSizesAndBadNormalization() {
    RgbImage a = ImageDecoderTest.gradient(4, 3);
    RgbImage b = ImageDecoderTest.gradient(3, 4);
    assertThatThrownBy(() -> PixelTensors.toNchw(List.of(a, b), PixelNormalization.CLIP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("images[1]");
    assertThatThrownBy(() -> PixelTensors.toNchw(List.of(), PixelNormalization.CLIP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("images");
    assertThatThrownBy(
            () -> new PixelNormalization(1 / 255.0, new float[] {0, 0, 0}, new float[] {1, 0, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("std");
    assertThatThrownBy(() -> new PixelNormalization(0, new float[3], new float[] {1, 1, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rescale");
  }

  private static RgbImage invert(RgbImage image) {
    byte[] hwc = image.toHwcBytes();
    for (int i = 0; i < hwc.length; i++) {
      hwc[i] = (byte) (255 - (hwc[i] & 0xFF));
    }
    return new RgbImage(image.width(), image.height(), hwc);
  }
}
