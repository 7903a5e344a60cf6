package ai.taskaware.metrics.cka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Test-side reader for small safetensors files of F64 matrices: 8-byte little-endian header length,
 * JSON header, raw little-endian data.
 */
final class Float64Safetensors {
  private Float64Safetensors() {}

  static Map<String, INDArray> readResource(String resource) throws IOException {
    byte[] bytes;
    try (InputStream in = Float64Safetensors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      bytes = in.readAllBytes();
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = Math.toIntExact(buffer.getLong(0));
    JsonNode header =
        new ObjectMapper().readTree(new String(bytes, 8, headerLength, StandardCharsets.UTF_8));
    int dataStart = 8 + headerLength;
    Map<String, INDArray> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : header.properties()) {
      if (field.getKey().equals("__metadata__")) {
        continue;
      }
      JsonNode info = field.getValue();
      if (!info.get("dtype").asText().equals("F64") || info.get("shape").size() != 2) {
        throw new IOException(resource + ": tensor " + field.getKey() + " is not a F64 matrix");
      }
      int rows = info.get("shape").get(0).asInt();
      int cols = info.get("shape").get(1).asInt();
      long begin = info.get("data_offsets").get(0).asLong();
      double[][] values = new double[rows][cols];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          values[r][c] = buffer.getDouble(Math.toIntExact(dataStart + begin + 8L * (r * cols + c)));
        }
      }
      tensors.put(field.getKey(), Nd4j.create(values));
    }
    return tensors;
  }
}
