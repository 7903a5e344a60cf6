package ai.taskaware.core.graph;

import ai.taskaware.core.runtime.OnnxSession;
import ai.taskaware.core.runtime.RuntimeOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs an ONNX model for the graph tests through the production {@link OnnxSession}, so every op
 * test also exercises the runtime wrapper; every output comes back as a float {@link Tensor} (int64
 * and bool outputs converted exactly for the small values tests use).
 */
final class OrtRunner {

  private OrtRunner() {}

  /** Inputs: {@link Tensor} (float32) or {@code long[][]} pairs {@code {shape, data}} (int64). */
  static Map<String, Tensor> run(byte[] model, Map<String, Object> inputs) {
    try (OnnxSession session = OnnxSession.open(model, RuntimeOptions.cpu())) {
      return run(session, inputs);
    }
  }

  static Map<String, Tensor> run(Path model, Map<String, Object> inputs) {
    try (OnnxSession session = OnnxSession.open(model, RuntimeOptions.cpu())) {
      return run(session, inputs);
    }
  }

  private static Map<String, Tensor> run(OnnxSession session, Map<String, Object> inputs) {
    Map<String, INDArray> feed = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : inputs.entrySet()) {
      if (e.getValue() instanceof Tensor x) {
        feed.put(e.getKey(), Nd4j.create(x.data(), x.longShape(), 'c'));
      } else {
        long[][] pair = (long[][]) e.getValue();
        feed.put(e.getKey(), Nd4j.createFromArray(pair[1]).reshape('c', pair[0]));
      }
    }
    Map<String, INDArray> results = session.run(feed, session.outputs().keySet());
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (String name : session.outputs().keySet()) {
      INDArray a = results.get(name);
      long[] shape = a.shape();
      int[] ishape = new int[shape.length];
      for (int i = 0; i < shape.length; i++) {
        ishape[i] = Math.toIntExact(shape[i]);
      }
      float[] data =
          a.isEmpty() ? new float[0] : a.castTo(DataType.FLOAT).dup('c').data().asFloat();
      out.put(name, new Tensor(ishape, data));
    }
    return out;
  }
}
