package ai.taskaware.core.graph;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable computation graph: inputs, initializers, nodes in topological order and outputs, all
 * over named {@link Value}s. Made by {@link GraphBuilder}; emitted by {@link OnnxEmitter}.
 */
public final class Graph {

  private final String name;
  private final int opset;
  private final List<Value> inputs;
  private final List<Value> outputs;
  private final List<Node> nodes;
  private final List<Initializer> initializers;
  private final Map<String, Value> values;
  private final Map<String, Integer> domainOpsets;

  Graph(
      String name,
      int opset,
      List<Value> inputs,
      List<Value> outputs,
      List<Node> nodes,
      List<Initializer> initializers,
      Map<String, Value> values,
      Map<String, Integer> domainOpsets) {
    this.name = name;
    this.opset = opset;
    this.domainOpsets = Collections.unmodifiableMap(new LinkedHashMap<>(domainOpsets));
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    this.nodes = List.copyOf(nodes);
    this.initializers = List.copyOf(initializers);
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /**
   * Opset versions of the non-default operator domains the nodes use (e.g. {@code com.microsoft →
   * 1}), emitted as extra {@code opset_import} entries.
   */
  public Map<String, Integer> domainOpsets() {
    return domainOpsets;
  }

  /** The graph's name. */
  public String name() {
    return name;
  }

  /** The ONNX default-domain opset the nodes are written for. */
  public int opset() {
    return opset;
  }

  /** Values fed when the graph runs. */
  public List<Value> inputs() {
    return inputs;
  }

  /** Values the graph returns. */
  public List<Value> outputs() {
    return outputs;
  }

  /** Nodes in topological order. */
  public List<Node> nodes() {
    return nodes;
  }

  /** Weights and constants. */
  public List<Initializer> initializers() {
    return initializers;
  }

  /** Every value: inputs, initializers and node outputs. */
  public Collection<Value> values() {
    return values.values();
  }

  /**
   * The value called {@code name}.
   *
   * @throws UnknownValueException listing near matches when there is none
   */
  public Value value(String name) {
    Value v = values.get(name);
    if (v == null) {
      throw new UnknownValueException("value", name, NearMatches.of(name, values.keySet()));
    }
    return v;
  }

  /** Total bytes of all initializers as emitted. */
  public long initializerBytes() {
    long n = 0;
    for (Initializer i : initializers) {
      n += i.byteLength();
    }
    return n;
  }

  @Override
  public String toString() {
    return "Graph " + name + " (" + nodes.size() + " nodes, " + initializers.size() + " tensors)";
  }
}
