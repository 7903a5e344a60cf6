package ai.taskaware.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import ai.taskaware.core.runtime.TensorConversion.ArrayBackedTensor;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** INDArray ↔ OnnxTensor: bit-exact round trips for every data type, aliasing, copies. */
class TensorConversionTest {

  private static final RuntimeOptions CPU = RuntimeOptions.cpu().withIntraOpThreads(1);

  @ParameterizedTest
  @EnumSource(
      value = DataType.class,
      names = {
        "FLOAT",
        "DOUBLE",
        "HALF",
        "BFLOAT16",
        "LONG",
        "INT",
        "SHORT",
        "BYTE",
        "UBYTE",
        "BOOL"
      })
  void identityRoundTripIsBitExact(DataType dataType) {
    INDArray x = randomBits(dataType, new long[] {2, 3, 5}, new Random(dataType.ordinal()));
    byte[] expected = bytes(x);
    // Static shape: the output is pinned; symbolic shape: it is copied out of ORT's memory.
    try (OnnxSession fixed = OnnxSession.open(OnnxTestModels.identity(dataType, 2, 3, 5), CPU);
        OnnxSession symbolic =
            OnnxSession.open(OnnxTestModels.identity(dataType, "n", 3, "m"), CPU)) {
      for (OnnxSession session : new OnnxSession[] {fixed, symbolic}) {
        INDArray y = session.run(Map.of("x", x), Set.of("y")).get("y");
        assertThat(y.dataType()).isEqualTo(dataType);
        assertThat(y.shape()).containsExactly(2, 3, 5);
        assertThat(bytes(y))
            .as("%s via %s", dataType, session.outputs().get("y"))
            .isEqualTo(expected);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = DataType.class,
      names = {
        "FLOAT",
        "DOUBLE",
        "HALF",
        "BFLOAT16",
        "LONG",
        "INT",
        "SHORT",
        "BYTE",
        "UBYTE",
        "BOOL"
      })
  void bothCopyOutPathsAreBitExact(DataType dataType) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    INDArray x = randomBits(dataType, new long[] {4, 7}, new Random(42 + dataType.ordinal()));
    try (ArrayBackedTensor tensor = TensorConversion.toOnnxTensor(env, x)) {
      assertThat(bytes(TensorConversion.copyOut(tensor.tensor(), true))).isEqualTo(bytes(x));
      assertThat(bytes(TensorConversion.copyOut(tensor.tensor(), false))).isEqualTo(bytes(x));
    }
  }

  @Test
  void contiguousArraysAreSharedWithOrtWithoutACopy() throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    INDArray x = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3});
    try (ArrayBackedTensor tensor = TensorConversion.toOnnxTensor(env, x)) {
      assertThat(tensor.copied()).isFalse();
      assertThat(tensor.tensor().ownsBuffer()).isFalse();
      // A write through ND4J is visible through ORT: the two share memory.
      x.putScalar(new long[] {1, 2}, 42f);
      assertThat(tensor.tensor().getFloatBuffer().get(5)).isEqualTo(42f);
    }
    INDArray transposed = x.transpose();
    try (ArrayBackedTensor tensor = TensorConversion.toOnnxTensor(env, transposed)) {
      assertThat(tensor.copied()).isTrue();
      assertThat(tensor.tensor().getInfo().getShape()).containsExactly(3, 2);
      float[] seen = new float[6];
      tensor.tensor().getFloatBuffer().get(seen);
      assertThat(seen).containsExactly(1, 4, 2, 5, 3, 42);
    }
  }

  @Test
  void outputsAreReadFromOrtMemoryInPlaceWhenTheViewIsReachable() {
    // The ORT jar is on the class path in tests, so the one-copy path must be the one in use.
    assertThat(TensorConversion.hasNativeView()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = DataType.class,
      names = {"HALF", "BFLOAT16", "DOUBLE", "INT", "LONG"})
  void ortAndNd4jAgreeOnWhatTheBitsMean(DataType to) {
    // Values exactly representable in every target type, so any rounding mode gives the same.
    INDArray x = Nd4j.create(new float[] {0, 1, -2, 0.5f, 3, -0.25f, 96, 1024}, new long[] {2, 4});
    if (to == DataType.INT || to == DataType.LONG) {
      x = Nd4j.create(new float[] {0, 1, -2, 5, 3, -7, 96, 1024}, new long[] {2, 4});
    }
    try (OnnxSession session = OnnxSession.open(OnnxTestModels.castFromFloat(to), CPU)) {
      INDArray y = session.run(Map.of("x", x), Set.of("y")).get("y");
      assertThat(y.dataType()).isEqualTo(to);
      assertThat(bytes(y)).isEqualTo(bytes(x.castTo(to)));
    }
  }

  @Test
  void emptyTensorsRoundTrip() {
    try (OnnxSession session =
        OnnxSession.open(OnnxTestModels.identity(DataType.FLOAT, "n", 3), CPU)) {
      INDArray y =
          session.run(Map.of("x", Nd4j.create(DataType.FLOAT, 0, 3)), Set.of("y")).get("y");
      assertThat(y.shape()).containsExactly(0, 3);
    }
  }

  /** Random bytes for every element (NaN payloads included); BOOL gets only 0 and 1. */
  static INDArray randomBits(DataType dataType, long[] shape, Random random) {
    INDArray x = Nd4j.createUninitialized(dataType, shape, 'c');
    ByteBuffer view = TensorConversion.byteView(x);
    byte[] raw = new byte[view.remaining()];
    random.nextBytes(raw);
    if (dataType == DataType.BOOL) {
      for (int i = 0; i < raw.length; i++) {
        raw[i] = (byte) (raw[i] & 1);
      }
    }
    view.put(raw);
    return x;
  }

  static byte[] bytes(INDArray array) {
    INDArray c = TensorConversion.isDirectlyUsable(array) ? array : array.dup('c');
    ByteBuffer view = TensorConversion.byteView(c);
    byte[] out = new byte[view.remaining()];
    view.get(out);
    return out;
  }
}
