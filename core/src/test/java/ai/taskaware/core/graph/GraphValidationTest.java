package ai.taskaware.core.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.core.checkpoint.CheckpointException;
import ai.taskaware.core.checkpoint.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uses of the builder that are wrong and cheap to detect fail at build time, naming op and value.
 */
class GraphValidationTest {

  @TempDir java.nio.file.Path dir;

  private final GraphBuilder g = new GraphBuilder("v");
  private final Value x = g.input("x", DType.F32, 2, 3);

  @Test
  void valueFromAnotherBuilderIsUnknown() {
    GraphBuilder other = new GraphBuilder("other");
    Value foreign = other.input("x2", DType.F32, 2, 3);
    assertThatThrownBy(() -> g.add(x, foreign))
        .isInstanceOf(UnknownValueException.class)
        .hasMessageContaining("Add")
        .hasMessageContaining("x2")
        .satisfies(e -> assertThat(((UnknownValueException) e).nearMatches()).contains("x"));
    // Same name, different type: also not this builder's value.
    Value impostor = new Value("x", DType.F16, Shape.of(2, 3));
    assertThatThrownBy(() -> g.exp(impostor)).isInstanceOf(UnknownValueException.class);
  }

  @Test
  void duplicateNamesAreRejected() {
    assertThatThrownBy(() -> g.input("x", DType.F32, 1))
        .isInstanceOf(GraphException.class)
        .hasMessageContaining("'x'")
        .hasMessageContaining("already exists");
    Value y = g.exp(x);
    g.identity(y, "features");
    assertThatThrownBy(() -> g.identity(x, "features"))
        .isInstanceOf(GraphException.class)
        .hasMessageContaining("Identity")
        .hasMessageContaining("features");
    assertThatThrownBy(() -> g.initializer("x", new float[] {1}, 1))
        .isInstanceOf(GraphException.class);
    g.output(y);
    assertThatThrownBy(() -> g.output(y)).hasMessageContaining("already a graph output");
  }

  @Test
  void wrongDtypesAreRejected() {
    Value ids = g.input("ids", DType.I64, 2, 3);
    assertThatThrownBy(() -> g.sqrt(ids))
        .isInstanceOf(GraphException.class)
        .hasMessageContaining("Sqrt")
        .hasMessageContaining("ids")
        .hasMessageContaining("floating-point");
    Value half = g.input("h", DType.F16, 2, 3);
    assertThatThrownBy(() -> g.add(x, half))
        .hasMessageContaining("Add")
        .hasMessageContaining("f16")
        .hasMessageContaining("f32");
    assertThatThrownBy(() -> g.where(x, x, x))
        .hasMessageContaining("Where")
        .hasMessageContaining("bool");
    assertThatThrownBy(() -> g.gather(x, x, 0))
        .hasMessageContaining("Gather")
        .hasMessageContaining("indices");
    assertThatThrownBy(() -> g.reshape(x, x)).hasMessageContaining("Reshape");
    assertThatThrownBy(() -> g.softmax(ids, -1)).hasMessageContaining("Softmax");
  }

  @Test
  void incompatibleFixedShapesAreRejected() {
    Value w = g.input("w", DType.F32, 4, 5);
    assertThatThrownBy(() -> g.matMul(x, w))
        .hasMessageContaining("MatMul")
        .hasMessageContaining("inner dimension");
    assertThatThrownBy(() -> g.add(x, w))
        .hasMessageContaining("Add [value 'w']")
        .hasMessageContaining("do not broadcast");
    assertThatThrownBy(() -> g.linear(x, w, null))
        .hasMessageContaining("Linear")
        .hasMessageContaining("'w'");
    Value img = g.input("img", DType.F32, 1, 3, 8, 8);
    Value kernel = g.input("k", DType.F32, 4, 2, 3, 3);
    assertThatThrownBy(() -> g.conv2d(img, kernel, null, 1, 1))
        .hasMessageContaining("Conv")
        .hasMessageContaining("channels");
    assertThatThrownBy(() -> g.reshape(x, 4, 2)).hasMessageContaining("cannot reshape");
    assertThatThrownBy(() -> g.transpose(x, 0, 0)).hasMessageContaining("not a permutation");
    assertThatThrownBy(() -> g.split(x, 1, 1, 1)).hasMessageContaining("sum to 2");
    assertThatThrownBy(() -> g.softmax(x, 2)).hasMessageContaining("axis 2 out of range");
    assertThatThrownBy(() -> g.squeeze(x, 0)).hasMessageContaining("not 1");
    assertThatThrownBy(() -> g.groupNorm(img, 2, null, null, 1e-5)).hasMessageContaining("groups");
    assertThatThrownBy(() -> g.initializer("bad", new float[5], 2, 3)).hasMessageContaining("bad");
  }

  @Test
  void symbolicDimsPropagate() {
    Value seq =
        g.input(
            "tokens", DType.F32, Shape.of(Dim.symbolic("batch"), Dim.symbolic("seq"), Dim.of(8)));
    Value w = g.input("w2", DType.F32, 16, 8);
    Value y = g.linear(seq, w, null);
    assertThat(y.shape())
        .isEqualTo(Shape.of(Dim.symbolic("batch"), Dim.symbolic("seq"), Dim.of(16)));
    assertThat(g.add(y, y).shape()).isEqualTo(y.shape());
  }

  @Test
  void unsupportedOpsetsAndEmptyGraphsAreRejected() {
    assertThatThrownBy(() -> new GraphBuilder("old", 16)).hasMessageContaining("opset 16");
    assertThatThrownBy(() -> new GraphBuilder("empty").build()).hasMessageContaining("no outputs");
  }

  @Test
  void missingCheckpointTensorNamesTheTensor() {
    try (MappedTensorSource source =
        MappedTensorSource.write(
            dir.resolve("c.bin"), MappedTensorSource.f32("a", new float[] {1}, 1))) {
      assertThatThrownBy(() -> g.weight(source, "b"))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("'b'");
    }
  }

  @Test
  void scopesPrefixGeneratedNames() {
    Value y;
    try (GraphBuilder.Scope s = g.scope("down_blocks.0")) {
      try (GraphBuilder.Scope inner = g.scope("resnets.1")) {
        y = g.exp(x);
      }
    }
    assertThat(y.name()).startsWith("down_blocks.0/resnets.1/Exp_");
    assertThat(g.exp(x).name()).startsWith("Exp_");
  }
}
