package ai.taskaware.core.graph;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ONNX operator application in a {@link Graph}. Attribute values are {@link Long}, {@link
 * Float}, {@link String}, {@code long[]}, {@code float[]}, {@link
 * ai.taskaware.core.checkpoint.DType} (emitted as an ONNX element type) or {@link ScalarTensor}.
 *
 * @param name unique node name
 * @param opType ONNX operator type ({@code "MatMul"})
 * @param inputs input value names; an empty string marks an omitted optional input
 * @param outputs output value names
 * @param attributes attributes by name, in insertion order
 * @param domain the operator's domain: {@code ""} for ONNX's default domain, or e.g. {@code
 *     "com.microsoft"} for ONNX Runtime's contrib operators
 */
public record Node(
    String name,
    String opType,
    List<String> inputs,
    List<String> outputs,
    Map<String, Object> attributes,
    String domain) {

  /** Copies the lists and attributes; a null domain is the default domain. */
  public Node {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    domain = domain == null ? "" : domain;
  }

  /** A node of the default ONNX domain. */
  public Node(
      String name,
      String opType,
      List<String> inputs,
      List<String> outputs,
      Map<String, Object> attributes) {
    this(name, opType, inputs, outputs, attributes, "");
  }

  /**
   * A one-element tensor attribute (the {@code value} of {@code ConstantOfShape}).
   *
   * @param dtype element type
   * @param value the element, converted to {@code dtype} when emitted
   */
  public record ScalarTensor(ai.taskaware.core.checkpoint.DType dtype, double value) {}

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(outputs).append(" = ");
    if (!domain.isEmpty()) {
      sb.append(domain).append(':');
    }
    sb.append(opType).append(inputs);
    attributes.forEach(
        (k, v) ->
            sb.append(' ')
                .append(k)
                .append('=')
                .append(
                    v instanceof long[] l
                        ? Arrays.toString(l)
                        : v instanceof float[] f ? Arrays.toString(f) : String.valueOf(v)));
    return sb.toString();
  }
}
