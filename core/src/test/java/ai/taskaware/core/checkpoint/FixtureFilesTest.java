package ai.taskaware.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Files written by the real Python code (safetensors via transformers {@code save_pretrained} and
 * numpy) read with the names, dtypes, shapes and values the fixture index lists.
 */
class FixtureFilesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static void assertMatchesIndex(Path file, JsonNode expected, JsonNode expectedMetadata)
      throws IOException {
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      List<String> names = new ArrayList<>();
      expected.fieldNames().forEachRemaining(names::add);
      assertThat(f.names()).containsExactlyInAnyOrderElementsOf(names);
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        TensorInfo info = f.info(e.getKey());
        assertThat(info.dtype().safetensorsName())
            .as(e.getKey())
            .isEqualTo(e.getValue().get("dtype").asText());
        long[] shape = JSON.convertValue(e.getValue().get("shape"), long[].class);
        assertThat(info.shape()).as(e.getKey()).isEqualTo(shape);
        assertThat(f.array(e.getKey()).shape()).isEqualTo(shape);
      }
      assertThat(f.metadata()).isEqualTo(JSON.convertValue(expectedMetadata, Map.class));
    }
  }

  @Test
  void clipTextWeightsAndReferenceMatchTheFixtureIndex() throws IOException {
    JsonNode index = JSON.readTree(TestResources.path("clip_text/index.json").toFile());
    assertMatchesIndex(
        TestResources.path("clip_text/model.safetensors"),
        index.get("weights"),
        index.get("weights_metadata"));
    assertMatchesIndex(
        TestResources.path("clip_text/reference.safetensors"),
        index.get("reference"),
        index.get("reference_metadata"));
  }

  @Test
  void clipTextValuesMatchNumpy() {
    try (SafetensorsFile f =
        SafetensorsFile.open(TestResources.path("clip_text/model.safetensors"))) {
      INDArray emb = f.array("text_model.embeddings.token_embedding.weight");
      assertThat(emb.dataType()).isEqualTo(DataType.FLOAT);
      // Values printed by numpy (np.frombuffer of the file's bytes).
      assertThat(emb.getFloat(0, 0)).isEqualTo(0.3446911573410034f);
      assertThat(emb.castTo(DataType.DOUBLE).sumNumber().doubleValue())
          .isCloseTo(-33.11174195508829, within(1e-9));
      INDArray ids = f.array("text_model.embeddings.position_ids");
      assertThat(ids.dataType()).isEqualTo(DataType.LONG);
      assertThat(ids.getLong(0, 0)).isZero();
      assertThat(ids.getLong(0, 76)).isEqualTo(76);
      assertThat(f.floatArray("text_model.embeddings.position_ids").getFloat(0, 76)).isEqualTo(76f);
    }
  }

  @Test
  void ckaDemoIsTwoFloat64MatricesWhoseValuesMatchARawNioRead() throws IOException {
    Path file = TestResources.path("cka/demo_xy.safetensors");
    double[] raw = rawFloat64(file, "X");
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertThat(f.names()).containsExactly("X", "Y");
      for (String n : List.of("X", "Y")) {
        assertThat(f.info(n).dtype()).isEqualTo(DType.F64);
        assertThat(f.info(n).shape()).containsExactly(100, 10);
      }
      INDArray x = f.array("X");
      assertThat(x.dataType()).isEqualTo(DataType.DOUBLE);
      assertThat(x.data().asDouble()).containsExactly(raw);
      double sum = 0;
      double sumSq = 0;
      for (double v : raw) {
        sum += v;
        sumSq += v * v;
      }
      assertThat(x.sumNumber().doubleValue()).isCloseTo(sum, within(1e-12));
      assertThat(x.mul(x).sumNumber().doubleValue()).isCloseTo(sumSq, within(1e-10));
      // And both agree with numpy: X[0,0], X[99,9], X.sum(), (X*X).sum().
      assertThat(x.getDouble(0, 0)).isEqualTo(-0.7031873098624105);
      assertThat(x.getDouble(99, 9)).isEqualTo(-0.6779133551736201);
      assertThat(sum).isCloseTo(-25.52402528467104, within(1e-11));
      assertThat(sumSq).isCloseTo(964.2323264145896, within(1e-9));
      float[] asFloat = f.floatArray("X").data().asFloat();
      for (int i = 0; i < raw.length; i++) {
        assertThat(asFloat[i]).isEqualTo((float) raw[i]);
      }
    }
  }

  /** Reads one F64 tensor with nothing but NIO and Jackson: the independent path. */
  private static double[] rawFloat64(Path file, String name) throws IOException {
    try (FileChannel ch = FileChannel.open(file)) {
      ByteBuffer all = ByteBuffer.allocate((int) ch.size()).order(ByteOrder.LITTLE_ENDIAN);
      while (all.hasRemaining() && ch.read(all) > 0) {
        // read to the end
      }
      long n = all.getLong(0);
      JsonNode header = JSON.readTree(new String(all.array(), 8, (int) n, "UTF-8"));
      long begin = header.get(name).get("data_offsets").get(0).asLong();
      long end = header.get(name).get("data_offsets").get(1).asLong();
      double[] out = new double[(int) ((end - begin) / 8)];
      for (int i = 0; i < out.length; i++) {
        out[i] = all.getDouble((int) (8 + n + begin) + 8 * i);
      }
      return out;
    }
  }
}
