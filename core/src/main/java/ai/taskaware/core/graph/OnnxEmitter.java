package ai.taskaware.core.graph;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.taskaware.core.checkpoint.DType;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Emits a {@link Graph} as an ONNX {@code ModelProto}.
 *
 * <p>{@link #writeTo} never gathers weights into one array: the model's structure is serialized by
 * protobuf and each initializer is appended as its own {@code graph.initializer} record (protobuf
 * merges repeated occurrences of an embedded message field), its {@code raw_data} written straight
 * from the tensor's (memory-mapped) buffer to the file channel. Past {@value #INLINE_LIMIT_BYTES}
 * bytes of weights (protobuf's 2 GB message limit), or when asked, tensors go to one companion
 * {@code <model>.data} file as ONNX external data at {@value #EXTERNAL_ALIGNMENT}-byte aligned
 * offsets, which ONNX Runtime memory-maps.
 *
 * <p>{@link #toModel} and {@link #toBytes} build the message in memory, for small models: heap
 * arrays are aliased, but memory-mapped buffers are copied, because protobuf-java 4 no longer has a
 * zero-copy {@code ByteString} over direct buffers ({@code UnsafeByteOperations.unsafeWrap} copies
 * them).
 */
public final class OnnxEmitter {

  /** Largest total initializer size kept inside the {@code .onnx} file by {@link Storage#AUTO}. */
  public static final long INLINE_LIMIT_BYTES = 2_000_000_000L;

  /** Offset alignment of tensors in the external data file. */
  public static final int EXTERNAL_ALIGNMENT = 4096;

  /** Tensors smaller than this stay inline even in external mode (shapes, axes, scalars). */
  public static final int EXTERNAL_MIN_BYTES = 1024;

  private static final String PRODUCER = "taskaware";

  /** Where {@link #writeTo(Graph, Path, Storage)} puts initializer bytes. */
  public enum Storage {
    /** Inline up to {@link #INLINE_LIMIT_BYTES}, external beyond. */
    AUTO,
    /** Always inside the {@code .onnx} file (fails past 2 GB). */
    INLINE,
    /** Tensors of {@link #EXTERNAL_MIN_BYTES} or more in {@code <model>.data}. */
    EXTERNAL
  }

  private OnnxEmitter() {}

  /**
   * The graph as a model with inline weights that alias the graph's buffers (no copy).
   *
   * @throws GraphException when the weights exceed 2 GB (use {@link #writeTo})
   */
  public static ModelProto toModel(Graph graph) {
    checkInlineSize(graph);
    try {
      return model(graph, null, true).build();
    } catch (IOException e) {
      throw new UncheckedIOException("inline emission does no I/O", e);
    }
  }

  /**
   * The serialized model with inline weights, for small models.
   *
   * @throws GraphException when the weights exceed 2 GB (use {@link #writeTo})
   */
  public static byte[] toBytes(Graph graph) {
    return toModel(graph).toByteArray();
  }

  /** Writes the model to {@code file}, choosing inline or external weights by size. */
  public static void writeTo(Graph graph, Path file) {
    writeTo(graph, file, Storage.AUTO);
  }

  /**
   * Writes the model to {@code file}, streaming weights; with external storage they go to {@code
   * file + ".data"} in the same folder (replaced if present).
   *
   * @throws UncheckedIOException when a file cannot be written
   */
  public static void writeTo(Graph graph, Path file, Storage storage) {
    boolean external =
        storage == Storage.EXTERNAL
            || (storage == Storage.AUTO && graph.initializerBytes() > INLINE_LIMIT_BYTES);
    if (!external) {
      checkInlineSize(graph);
    }
    Path dataFile = external ? dataFileOf(file) : null;
    try {
      if (external) {
        ModelProto model;
        try (FileChannel channel = create(dataFile)) {
          model =
              model(graph, new ExternalWriter(channel, dataFile.getFileName().toString()), true)
                  .build();
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
          model.writeTo(out);
        }
      } else {
        writeStreamed(graph, file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write ONNX model " + file, e);
    }
  }

  private static FileChannel create(Path file) throws IOException {
    return FileChannel.open(
        file,
        StandardOpenOption.CREATE,
        StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
  }

  /**
   * Writes the model without initializers, then each initializer as a separate {@code graph {
   * initializer { … raw_data } }} record whose bytes go from the tensor's buffer to the channel.
   */
  private static void writeStreamed(Graph graph, Path file) throws IOException {
    ModelProto structure = model(graph, null, false).build();
    try (FileChannel channel = create(file)) {
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
      CodedOutputStream coded = CodedOutputStream.newInstance(out, 1 << 12);
      structure.writeTo(coded);
      for (Initializer init : graph.initializers()) {
        TensorProto header = tensorHeader(init).build();
        long length = init.byteLength();
        long tensorSize =
            header.getSerializedSize()
                + CodedOutputStream.computeTagSize(TensorProto.RAW_DATA_FIELD_NUMBER)
                + CodedOutputStream.computeUInt64SizeNoTag(length)
                + length;
        long graphSize =
            CodedOutputStream.computeTagSize(GraphProto.INITIALIZER_FIELD_NUMBER)
                + CodedOutputStream.computeUInt64SizeNoTag(tensorSize)
                + tensorSize;
        coded.writeTag(ModelProto.GRAPH_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        coded.writeUInt64NoTag(graphSize);
        coded.writeTag(GraphProto.INITIALIZER_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        coded.writeUInt64NoTag(tensorSize);
        header.writeTo(coded);
        coded.writeTag(TensorProto.RAW_DATA_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        coded.writeUInt64NoTag(length);
        coded.flush();
        out.flush();
        init.bytes().writeTo(channel);
      }
      coded.flush();
      out.flush();
    }
  }

  /** The external data file {@link #writeTo} uses for {@code modelFile}. */
  public static Path dataFileOf(Path modelFile) {
    return modelFile.resolveSibling(modelFile.getFileName() + ".data");
  }

  /** The ONNX IR version matching an opset (the oldest IR that allows it). */
  static long irVersion(int opset) {
    if (opset <= 18) {
      return 8;
    }
    if (opset <= 20) {
      return 9;
    }
    if (opset <= 22) {
      return 10;
    }
    return 11;
  }

  private static void checkInlineSize(Graph graph) {
    if (graph.initializerBytes() > INLINE_LIMIT_BYTES) {
      throw new GraphException(
          "emit",
          graph.name(),
          graph.initializerBytes()
              + " bytes of weights exceed the 2 GB protobuf limit; write with external data");
    }
  }

  private static final class ExternalWriter {
    private final FileChannel channel;
    private final String location;

    ExternalWriter(FileChannel channel, String location) {
      this.channel = channel;
      this.location = location;
    }

    /** Appends the tensor at the next aligned offset and points {@code t} at it. */
    void write(TensorBytes bytes, TensorProto.Builder t) throws IOException {
      long offset = channel.position();
      long aligned = (offset + EXTERNAL_ALIGNMENT - 1) / EXTERNAL_ALIGNMENT * EXTERNAL_ALIGNMENT;
      if (aligned > offset) {
        ByteBuffer zeros = ByteBuffer.allocate((int) (aligned - offset));
        while (zeros.hasRemaining()) {
          channel.write(zeros);
        }
      }
      bytes.writeTo(channel);
      long length = channel.position() - aligned;
      t.setDataLocation(TensorProto.DataLocation.EXTERNAL);
      t.addExternalData(entry("location", location));
      t.addExternalData(entry("offset", Long.toString(aligned)));
      t.addExternalData(entry("length", Long.toString(length)));
    }

    private static StringStringEntryProto entry(String key, String value) {
      return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
  }

  private static TensorProto.Builder tensorHeader(Initializer init) {
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(init.name())
            .setDataType(OnnxTypes.toOnnx(init.dtype()).getNumber());
    for (long d : init.value().shape().toArray()) {
      t.addDims(d);
    }
    return t;
  }

  private static ModelProto.Builder model(
      Graph graph, ExternalWriter external, boolean withInitializers) throws IOException {
    GraphProto.Builder g = GraphProto.newBuilder().setName(graph.name());
    for (Initializer init : withInitializers ? graph.initializers() : List.<Initializer>of()) {
      TensorProto.Builder t = tensorHeader(init);
      if (external != null && init.byteLength() >= EXTERNAL_MIN_BYTES) {
        external.write(init.bytes(), t);
      } else {
        t.setRawData(init.bytes().toByteString());
      }
      g.addInitializer(t);
    }
    for (Value v : graph.inputs()) {
      g.addInput(valueInfo(v));
    }
    Set<String> outputNames = new HashSet<>();
    for (Value v : graph.outputs()) {
      g.addOutput(valueInfo(v));
      outputNames.add(v.name());
    }
    for (Node n : graph.nodes()) {
      g.addNode(node(n));
      for (String out : n.outputs()) {
        if (!outputNames.contains(out)) {
          g.addValueInfo(valueInfo(graph.value(out)));
        }
      }
    }
    ModelProto.Builder model =
        ModelProto.newBuilder()
            .setIrVersion(irVersion(graph.opset()))
            .setProducerName(PRODUCER)
            .addOpsetImport(
                OperatorSetIdProto.newBuilder().setDomain("").setVersion(graph.opset()));
    graph
        .domainOpsets()
        .forEach(
            (domain, version) ->
                model.addOpsetImport(
                    OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(version)));
    return model.setGraph(g);
  }

  static ValueInfoProto valueInfo(Value v) {
    TypeProto.Tensor.Builder tensor =
        TypeProto.Tensor.newBuilder().setElemType(OnnxTypes.toOnnx(v.dtype()).getNumber());
    if (v.shape().isRankKnown()) {
      TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
      for (Dim d : v.shape().dims()) {
        TensorShapeProto.Dimension.Builder dim = shape.addDimBuilder();
        if (d.isFixed()) {
          dim.setDimValue(d.size());
        } else if (d.symbol() != null) {
          dim.setDimParam(d.symbol());
        }
      }
      tensor.setShape(shape);
    }
    return ValueInfoProto.newBuilder()
        .setName(v.name())
        .setType(TypeProto.newBuilder().setTensorType(tensor))
        .build();
  }

  private static NodeProto node(Node n) {
    NodeProto.Builder b =
        NodeProto.newBuilder()
            .setName(n.name())
            .setOpType(n.opType())
            .setDomain(n.domain())
            .addAllInput(n.inputs())
            .addAllOutput(n.outputs());
    for (Map.Entry<String, Object> e : n.attributes().entrySet()) {
      b.addAttribute(attribute(n, e.getKey(), e.getValue()));
    }
    return b.build();
  }

  private static AttributeProto attribute(Node n, String name, Object value) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
    if (value instanceof Long l) {
      a.setType(AttributeProto.AttributeType.INT).setI(l);
    } else if (value instanceof Float f) {
      a.setType(AttributeProto.AttributeType.FLOAT).setF(f);
    } else if (value instanceof String s) {
      a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
    } else if (value instanceof long[] ls) {
      a.setType(AttributeProto.AttributeType.INTS);
      for (long l : ls) {
        a.addInts(l);
      }
    } else if (value instanceof float[] fs) {
      a.setType(AttributeProto.AttributeType.FLOATS);
      for (float f : fs) {
        a.addFloats(f);
      }
    } else if (value instanceof DType d) {
      a.setType(AttributeProto.AttributeType.INT).setI(OnnxTypes.toOnnx(d).getNumber());
    } else if (value instanceof Node.ScalarTensor s) {
      a.setType(AttributeProto.AttributeType.TENSOR)
          .setT(
              TensorProto.newBuilder()
                  .setDataType(OnnxTypes.toOnnx(s.dtype()).getNumber())
                  .addDims(1)
                  .setRawData(
                      UnsafeByteOperations.unsafeWrap(
                          GraphBuilder.scalarBytes(s.value(), s.dtype()))));
    } else {
      throw new GraphException(
          n.opType(),
          n.name(),
          "attribute '" + name + "' has unsupported type " + value.getClass().getSimpleName());
    }
    return a.build();
  }
}
