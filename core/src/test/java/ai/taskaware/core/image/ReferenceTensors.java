package ai.taskaware.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A minimal safetensors reader for the test fixtures: 8-byte little-endian header length, JSON
 * header, raw little-endian data.
 */
final class ReferenceTensors {
  private final JsonNode header;
  private final ByteBuffer data;

  private ReferenceTensors(JsonNode header, ByteBuffer data) {
    this.header = header;
    this.data = data;
  }

  static ReferenceTensors load(String resource) throws IOException {
    byte[] bytes;
    try (InputStream in = ReferenceTensors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      bytes = in.readAllBytes();
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = Math.toIntExact(buffer.getLong(0));
    JsonNode header = new ObjectMapper().readTree(Arrays.copyOfRange(bytes, 8, 8 + headerLength));
    ByteBuffer data =
        ByteBuffer.wrap(bytes, 8 + headerLength, bytes.length - 8 - headerLength)
            .slice()
            .order(ByteOrder.LITTLE_ENDIAN);
    return new ReferenceTensors(header, data);
  }

  long[] shape(String name) {
    JsonNode shape = entry(name).get("shape");
    long[] out = new long[shape.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = shape.get(i).asLong();
    }
    return out;
  }

  byte[] uint8(String name) {
    requireDtype(name, "U8");
    ByteBuffer slice = slice(name);
    byte[] out = new byte[slice.remaining()];
    slice.get(out);
    return out;
  }

  float[] float32(String name) {
    requireDtype(name, "F32");
    ByteBuffer slice = slice(name);
    float[] out = new float[slice.remaining() / 4];
    slice.asFloatBuffer().get(out);
    return out;
  }

  private void requireDtype(String name, String dtype) {
    String actual = entry(name).get("dtype").asText();
    if (!actual.equals(dtype)) {
      throw new IllegalStateException(name + " has dtype " + actual + ", expected " + dtype);
    }
  }

  private ByteBuffer slice(String name) {
    JsonNode offsets = entry(name).get("data_offsets");
    int begin = offsets.get(0).asInt();
    int end = offsets.get(1).asInt();
    return data.duplicate().position(begin).limit(end).slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  private JsonNode entry(String name) {
    JsonNode entry = header.get(name);
    if (entry == null) {
      throw new IllegalStateException("no tensor " + name + " in the reference file");
    }
    return entry;
  }
}
