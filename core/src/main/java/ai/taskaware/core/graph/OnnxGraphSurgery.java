package ai.taskaware.core.graph;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.taskaware.core.checkpoint.DType;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Edits ONNX models made elsewhere (optimum / torch exports): exposes internal values as graph
 * outputs and prunes everything the outputs do not need.
 *
 * <p>An exposed value's type comes from the model's {@code value_info} (or its input/initializer
 * declaration). When the exporter left no {@code value_info}, the output is added without a type:
 * ONNX Runtime 1.29 infers the type of such outputs when the session is created (checked by this
 * package's tests), whereas guessing a type here could contradict its inference.
 *
 * <p>Weights stored as external data stay where they are: their locations are relative to the
 * model's folder, so {@link #writeTo} writes the edited model into the same folder as the source.
 */
public final class OnnxGraphSurgery {

  private final ModelProto.Builder model;
  private final Path sourceFolder;

  private OnnxGraphSurgery(ModelProto model, Path sourceFolder) {
    this.model = model.toBuilder();
    this.sourceFolder = sourceFolder;
  }

  /**
   * Reads a model file; external data files are left in place (not read).
   *
   * @throws UncheckedIOException when the file cannot be read or is not an ONNX model
   */
  public static OnnxGraphSurgery load(Path modelFile) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(modelFile), 1 << 20)) {
      ModelProto proto = ModelProto.parseFrom(in);
      if (!proto.hasGraph()) {
        throw new GraphException("load", null, modelFile + " is not an ONNX model (no graph)");
      }
      return new OnnxGraphSurgery(proto, modelFile.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ONNX model " + modelFile, e);
    }
  }

  /** Edits an in-memory model (one without external data, or written back to its own folder). */
  public static OnnxGraphSurgery of(ModelProto model) {
    return new OnnxGraphSurgery(model, null);
  }

  /** The edited model. */
  public ModelProto model() {
    return model.build();
  }

  /** Current graph output names, in order. */
  public List<String> outputNames() {
    return model.getGraph().getOutputList().stream().map(ValueInfoProto::getName).toList();
  }

  /** Every value name: graph inputs, initializers and node outputs, in graph order. */
  public List<String> valueNames() {
    Set<String> names = new LinkedHashSet<>();
    GraphProto g = model.getGraph();
    g.getInputList().forEach(v -> names.add(v.getName()));
    g.getInitializerList().forEach(t -> names.add(t.getName()));
    for (NodeProto n : g.getNodeList()) {
      for (String out : n.getOutputList()) {
        if (!out.isEmpty()) {
          names.add(out);
        }
      }
    }
    return List.copyOf(names);
  }

  /**
   * The element type of a value as the model declares it (value_info, input, output or
   * initializer); empty when the model does not say.
   *
   * @throws UnknownValueException when there is no such value
   */
  public Optional<DType> dtypeOf(String name) {
    requireValue("dtypeOf", name);
    return declaredType(name)
        .filter(t -> t.hasTensorType() && t.getTensorType().getElemType() != 0)
        .map(t -> OnnxTypes.fromOnnx(t.getTensorType().getElemType()));
  }

  /**
   * Adds {@code name} as a graph output (no-op when it already is one).
   *
   * @throws UnknownValueException listing near matches when there is no such value
   */
  public OnnxGraphSurgery exposeOutput(String name) {
    requireValue("exposeOutput", name);
    if (outputNames().contains(name)) {
      return this;
    }
    ValueInfoProto.Builder info = ValueInfoProto.newBuilder().setName(name);
    declaredType(name).ifPresent(info::setType);
    model.getGraphBuilder().addOutput(info);
    return this;
  }

  /**
   * Makes {@code outputs} the graph's outputs (in the given order, exposing internal values as
   * needed) and removes the nodes, initializers, inputs and value_info they do not need.
   *
   * @throws UnknownValueException when one of the names is not a value
   * @throws GraphException when {@code outputs} is empty
   */
  public OnnxGraphSurgery prune(Collection<String> outputs) {
    if (outputs.isEmpty()) {
      throw new GraphException("prune", null, "needs at least one output to keep");
    }
    for (String o : outputs) {
      exposeOutput(o);
    }
    GraphProto.Builder g = model.getGraphBuilder();
    Map<String, ValueInfoProto> outputInfo = new HashMap<>();
    g.getOutputList().forEach(v -> outputInfo.put(v.getName(), v));

    Map<String, Integer> producer = new HashMap<>();
    for (int i = 0; i < g.getNodeCount(); i++) {
      for (String out : g.getNode(i).getOutputList()) {
        producer.put(out, i);
      }
    }
    Set<String> needed = new HashSet<>(outputs);
    boolean[] keep = new boolean[g.getNodeCount()];
    Deque<String> work = new ArrayDeque<>(outputs);
    while (!work.isEmpty()) {
      Integer p = producer.get(work.pop());
      if (p == null || keep[p]) {
        continue;
      }
      keep[p] = true;
      for (String in : inputsOf(g.getNode(p))) {
        if (!in.isEmpty() && needed.add(in)) {
          work.push(in);
        }
      }
    }

    List<NodeProto> nodes = new ArrayList<>();
    for (int i = 0; i < keep.length; i++) {
      if (keep[i]) {
        nodes.add(g.getNode(i));
        needed.addAll(g.getNode(i).getOutputList());
      }
    }
    List<TensorProto> initializers =
        g.getInitializerList().stream().filter(t -> needed.contains(t.getName())).toList();
    List<ValueInfoProto> inputs =
        g.getInputList().stream().filter(v -> needed.contains(v.getName())).toList();
    List<ValueInfoProto> valueInfo =
        g.getValueInfoList().stream()
            .filter(v -> needed.contains(v.getName()) && !outputs.contains(v.getName()))
            .toList();
    g.clearNode().addAllNode(nodes);
    g.clearInitializer().addAllInitializer(initializers);
    g.clearInput().addAllInput(inputs);
    g.clearValueInfo().addAllValueInfo(valueInfo);
    g.clearOutput();
    for (String o : outputs) {
      g.addOutput(outputInfo.get(o));
    }
    return this;
  }

  /**
   * Writes the edited model. A model with external data must be written into the folder it was
   * loaded from, where its data file lives.
   *
   * @throws GraphException when external data would be left behind in another folder
   * @throws UncheckedIOException when the file cannot be written
   */
  public void writeTo(Path modelFile) {
    Path folder = modelFile.toAbsolutePath().getParent();
    if (hasExternalData() && (sourceFolder == null || !sourceFolder.equals(folder))) {
      throw new GraphException(
          "writeTo",
          modelFile.toString(),
          "model has external data relative to "
              + (sourceFolder == null ? "an unknown folder" : sourceFolder)
              + "; write it into that folder");
    }
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(modelFile), 1 << 20)) {
      model.build().writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write ONNX model " + modelFile, e);
    }
  }

  private boolean hasExternalData() {
    return model.getGraph().getInitializerList().stream()
        .anyMatch(t -> t.getDataLocation() == TensorProto.DataLocation.EXTERNAL);
  }

  private void requireValue(String op, String name) {
    List<String> names = valueNames();
    if (!names.contains(name)) {
      throw new UnknownValueException(op, name, NearMatches.of(name, names));
    }
  }

  private Optional<TypeProto> declaredType(String name) {
    GraphProto g = model.getGraph();
    for (List<ValueInfoProto> infos :
        List.of(g.getValueInfoList(), g.getInputList(), g.getOutputList())) {
      for (ValueInfoProto v : infos) {
        if (v.getName().equals(name) && v.hasType()) {
          return Optional.of(v.getType());
        }
      }
    }
    for (TensorProto t : g.getInitializerList()) {
      if (t.getName().equals(name)) {
        TypeProto.Tensor.Builder tensor =
            TypeProto.Tensor.newBuilder().setElemType(t.getDataType());
        ai.onnx.proto.OnnxMl.TensorShapeProto.Builder shape = tensor.getShapeBuilder();
        t.getDimsList().forEach(d -> shape.addDimBuilder().setDimValue(d));
        return Optional.of(TypeProto.newBuilder().setTensorType(tensor).build());
      }
    }
    return Optional.empty();
  }

  /**
   * A node's inputs plus every name its subgraphs (If / Loop / Scan bodies) use, since those may
   * refer to values of the enclosing graph.
   */
  private static Set<String> inputsOf(NodeProto node) {
    Set<String> names = new LinkedHashSet<>(node.getInputList());
    for (AttributeProto a : node.getAttributeList()) {
      if (a.hasG()) {
        addSubgraphInputs(a.getG(), names);
      }
      a.getGraphsList().forEach(sub -> addSubgraphInputs(sub, names));
    }
    return names;
  }

  private static void addSubgraphInputs(GraphProto g, Set<String> names) {
    for (NodeProto n : g.getNodeList()) {
      names.addAll(inputsOf(n));
    }
  }
}
