package ai.taskaware.core.graph;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an ONNX model on ONNX Runtime for tests; every output comes back as a float {@link Tensor}
 * (int64 and bool outputs converted exactly for the small values tests use).
 */
final class OrtRunner {

  private OrtRunner() {}

  /** Inputs: {@link Tensor} (float32) or {@code long[][]} pairs {@code {shape, data}} (int64). */
  static Map<String, Tensor> run(byte[] model, Map<String, Object> inputs) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(model, options)) {
      return run(env, session, inputs);
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Tensor> run(Path model, Map<String, Object> inputs) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(model.toString(), options)) {
      return run(env, session, inputs);
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Tensor> run(
      OrtEnvironment env, OrtSession session, Map<String, Object> inputs) throws OrtException {
    Map<String, OnnxTensor> feed = new LinkedHashMap<>();
    List<OnnxTensor> owned = new ArrayList<>();
    try {
      for (Map.Entry<String, Object> e : inputs.entrySet()) {
        OnnxTensor t;
        if (e.getValue() instanceof Tensor x) {
          t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()), x.longShape());
        } else {
          long[][] pair = (long[][]) e.getValue();
          t = OnnxTensor.createTensor(env, LongBuffer.wrap(pair[1]), pair[0]);
        }
        owned.add(t);
        feed.put(e.getKey(), t);
      }
      Map<String, Tensor> out = new LinkedHashMap<>();
      try (OrtSession.Result result = session.run(feed)) {
        for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
          OnnxTensor t = (OnnxTensor) e.getValue();
          long[] shape = t.getInfo().getShape();
          int[] ishape = new int[shape.length];
          for (int i = 0; i < shape.length; i++) {
            ishape[i] = (int) shape[i];
          }
          float[] data = new float[Tensor.count(ishape)];
          switch (t.getInfo().type) {
            case FLOAT -> t.getFloatBuffer().get(data);
            case INT64 -> {
              LongBuffer b = t.getLongBuffer();
              for (int i = 0; i < data.length; i++) {
                data[i] = b.get(i);
              }
            }
            case BOOL, UINT8 -> {
              ByteBuffer b = t.getByteBuffer();
              for (int i = 0; i < data.length; i++) {
                data[i] = b.get(i);
              }
            }
            default -> throw new IllegalStateException("output type " + t.getInfo().type);
          }
          out.put(e.getKey(), new Tensor(ishape, data));
        }
      }
      return out;
    } finally {
      owned.forEach(OnnxTensor::close);
    }
  }
}
