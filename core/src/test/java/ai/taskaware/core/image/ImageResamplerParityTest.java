package ai.taskaware.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.checkpoint.DType;
import ai.taskaware.core.checkpoint.SafetensorsFile;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pillow 9.4 parity on the image-preprocessing fixture: every uint8 output must match Pillow's
 * bytes exactly (a byte-level difference would mean the fixed-point arithmetic diverged).
 */
class ImageResamplerParityTest {
  private static RgbImage input;
  private static SafetensorsFile reference;

  @BeforeAll
  static void load() throws Exception {
    input = ImageDecoder.read(resource("input_403x271.png"));
    reference = SafetensorsFile.open(resource("reference.safetensors"));
  }

  @AfterAll
  static void close() {
    reference.close();
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(ImageResamplerParityTest.class.getResource("/image/" + name).toURI());
  }

  static Stream<Arguments> resizes() {
    return Stream.of(
        Arguments.of("resize97x61_nearest_uint8", 97, 61, Resampling.NEAREST),
        Arguments.of("resize97x61_bilinear_uint8", 97, 61, Resampling.BILINEAR),
        Arguments.of("resize97x61_bicubic_uint8", 97, 61, Resampling.BICUBIC),
        Arguments.of("resize97x61_lanczos_uint8", 97, 61, Resampling.LANCZOS),
        Arguments.of("resize512_bicubic_uint8", 512, 512, Resampling.BICUBIC),
        Arguments.of("resize512_lanczos_uint8", 512, 512, Resampling.LANCZOS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resizes")
  void resizeMatchesPillowExactly(String name, int width, int height, Resampling resampling) {
    RgbImage resized = ImageResampler.resize(input, width, height, resampling);
    assertMatchesPillow(name, resized);
  }

  @Test
  void clipShortestEdgeResizeMatchesPillow() {
    RgbImage resized = ImageGeometry.resizeShortestEdge(input, 336, Resampling.BICUBIC);
    assertThat(resized.width()).isEqualTo(499);
    assertThat(resized.height()).isEqualTo(336);
    assertMatchesPillow("clip336_resized_uint8", resized);
  }

  @Test
  void llavaPadToSquareMatches() {
    int[] fill = PixelNormalization.CLIP.meanAsRgb();
    assertThat(fill).containsExactly(122, 116, 104);
    assertMatchesPillow("llava_pad_square_uint8", ImageGeometry.padToSquare(input, fill));
  }

  @Test
  void clipPixelValuesMatchTransformersWithin1e5() {
    RgbImage resized = ImageGeometry.resizeShortestEdge(input, 336, Resampling.BICUBIC);
    RgbImage cropped = ImageGeometry.centerCrop(resized, 336, 336);
    INDArray pixels = PixelTensors.toNchw(cropped, PixelNormalization.CLIP);
    assertThat(pixels.shape()).containsExactly(reference.info("clip336_pixel_values").shape());
    float[] expected = reference.floatArray("clip336_pixel_values").data().asFloat();
    float[] actual = pixels.data().asFloat();
    double maxError = 0;
    for (int i = 0; i < expected.length; i++) {
      maxError = Math.max(maxError, Math.abs(expected[i] - actual[i]));
    }
    System.out.printf("clip336_pixel_values: max |error| = %.3g%n", maxError);
    assertThat(maxError).isLessThanOrEqualTo(1e-5);
  }

  private static void assertMatchesPillow(String name, RgbImage actual) {
    long[] shape = reference.info(name).shape();
    assertThat(new long[] {actual.height(), actual.width(), 3}).containsExactly(shape);
    assertThat(reference.info(name).dtype()).isEqualTo(DType.U8);
    ByteBuffer bytes = reference.buffer(name);
    byte[] expected = new byte[bytes.remaining()];
    bytes.get(expected);
    byte[] got = actual.toHwcBytes();
    int equal = 0;
    int maxDiff = 0;
    for (int i = 0; i < expected.length; i++) {
      int diff = Math.abs((expected[i] & 0xFF) - (got[i] & 0xFF));
      if (diff == 0) {
        equal++;
      }
      maxDiff = Math.max(maxDiff, diff);
    }
    System.out.printf(
        "%s: %d/%d equal (%.4f%%), max diff %d%n",
        name, equal, expected.length, 100.0 * equal / expected.length, maxDiff);
    assertThat(maxDiff).as(name + " max difference").isLessThanOrEqualTo(1);
    assertThat((double) equal / expected.length)
        .as(name + " equal fraction")
        .isGreaterThanOrEqualTo(0.999);
  }
}
