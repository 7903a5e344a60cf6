package ai.taskaware.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Sharded checkpoints written with an index read back like one file; folder detection. */
class ShardedCheckpointTest {

  @TempDir Path dir;

  private static Map<String, INDArray> tensors() {
    Nd4j.getRandom().setSeed(3);
    Map<String, INDArray> t = new LinkedHashMap<>();
    t.put("embed.weight", Nd4j.rand(DataType.FLOAT, 10, 8)); // 320 bytes
    t.put("layers.0.w", Nd4j.rand(DataType.FLOAT, 8, 8)); // 256
    t.put("layers.0.b", Nd4j.rand(DataType.FLOAT, 8)); // 32
    t.put("layers.1.w", Nd4j.rand(DataType.DOUBLE, 8, 8)); // 512: bigger than a shard
    t.put("head.bias", Nd4j.rand(DataType.FLOAT, 4).castTo(DataType.BFLOAT16)); // 8
    return t;
  }

  private Path writeSharded(long maxShard) {
    SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt");
    tensors().forEach(w::add);
    return w.writeSharded(dir, "model", maxShard);
  }

  @Test
  void shardsSplitAtTheLimitAndReadBackExactly() throws IOException {
    Path index = writeSharded(400);
    assertThat(index.getFileName().toString()).isEqualTo("model.safetensors.index.json");
    JsonNode json = new ObjectMapper().readTree(index.toFile());
    assertThat(json.get("metadata").get("total_size").asLong()).isEqualTo(320 + 256 + 32 + 512 + 8);
    // 320 | 256+32 | 512 (alone, over the limit) | 8
    assertThat(json.get("weight_map").get("embed.weight").asText())
        .isEqualTo("model-00001-of-00004.safetensors");
    assertThat(json.get("weight_map").get("layers.0.b").asText())
        .isEqualTo("model-00002-of-00004.safetensors");
    assertThat(json.get("weight_map").get("layers.1.w").asText())
        .isEqualTo("model-00003-of-00004.safetensors");
    try (ShardedCheckpoint c = ShardedCheckpoint.open(index)) {
      assertThat(c.shards()).hasSize(4);
      assertThat(new ArrayList<>(c.names())).containsExactlyElementsOf(tensors().keySet());
      assertThat(c.metadata()).containsEntry("format", "pt").containsEntry("total_size", "1128");
      for (Map.Entry<String, INDArray> e : tensors().entrySet()) {
        assertThat(c.contains(e.getKey())).isTrue();
        assertThat(c.array(e.getKey())).isEqualTo(e.getValue());
        assertThat(c.info(e.getKey()).file().getFileName().toString())
            .isEqualTo(json.get("weight_map").get(e.getKey()).asText());
      }
      assertThat(c.floatArray("layers.1.w"))
          .isEqualTo(tensors().get("layers.1.w").castTo(DataType.FLOAT));
      assertThat(c.chunk("embed.weight", 4, 4).getFloat(0))
          .isEqualTo(tensors().get("embed.weight").getFloat(0, 1));
      assertThat(c.shards().get(0).metadata()).containsEntry("format", "pt");
      assertThatThrownBy(() -> c.info("missing"))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("model.safetensors.index.json")
          .hasMessageContaining("'missing'");
    }
  }

  @Test
  void checkpointsOpenWeightsPicksFileFolderOrIndex() throws IOException {
    Path single = dir.resolve("single");
    Files.createDirectories(single);
    new SafetensorsWriter()
        .add("x", Nd4j.ones(DataType.FLOAT, 2))
        .write(single.resolve("model.safetensors"));
    // A second safetensors file (the fixtures' reference outputs) must not confuse detection.
    new SafetensorsWriter()
        .add("y", Nd4j.ones(DataType.FLOAT, 2))
        .write(single.resolve("reference.safetensors"));
    try (TensorSource s = Checkpoints.openWeights(single)) {
      assertThat(s).isInstanceOf(SafetensorsFile.class);
      assertThat(s.names()).containsExactly("x");
    }

    Path diffusers = dir.resolve("unet");
    Files.createDirectories(diffusers);
    new SafetensorsWriter()
        .add("conv_in.weight", Nd4j.ones(DataType.FLOAT, 2))
        .write(diffusers.resolve("diffusion_pytorch_model.safetensors"));
    try (TensorSource s = Checkpoints.openWeights(diffusers)) {
      assertThat(s.names()).containsExactly("conv_in.weight");
    }

    Path sharded = dir.resolve("sharded");
    Files.createDirectories(sharded);
    SafetensorsWriter w = new SafetensorsWriter();
    tensors().forEach(w::add);
    Path index = w.writeSharded(sharded, "diffusion_pytorch_model", 600);
    try (TensorSource s = Checkpoints.openWeights(sharded)) {
      assertThat(s).isInstanceOf(ShardedCheckpoint.class);
      assertThat(s.names()).hasSize(5);
    }
    try (TensorSource s = Checkpoints.openWeights(index)) {
      assertThat(s).isInstanceOf(ShardedCheckpoint.class);
    }
    try (TensorSource s = Checkpoints.openWeights(single.resolve("reference.safetensors"))) {
      assertThat(s.names()).containsExactly("y");
    }
    Path notWeights = Files.writeString(dir.resolve("weights.bin"), "x");
    assertThatThrownBy(() -> Checkpoints.openWeights(notWeights))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("weights.bin")
        .hasMessageContaining(".safetensors");
    Path two = dir.resolve("two");
    Files.createDirectories(two);
    Files.writeString(two.resolve("a.safetensors.index.json"), "{}");
    Files.writeString(two.resolve("b.safetensors.index.json"), "{}");
    assertThatThrownBy(() -> Checkpoints.openWeights(two))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("a.safetensors.index.json")
        .hasMessageContaining("b.safetensors.index.json");
  }

  @Test
  void aTensorListedUnderTheWrongShardIsNamed() throws IOException {
    Path index = writeSharded(400);
    String json = Files.readString(index);
    Files.writeString(
        index,
        json.replace(
            "\"layers.0.b\" : \"model-00002-of-00004.safetensors\"",
            "\"layers.0.b\" : \"model-00001-of-00004.safetensors\""));
    assertThatThrownBy(() -> ShardedCheckpoint.open(index))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("model.safetensors.index.json")
        .hasMessageContaining("'layers.0.b'")
        .hasMessageContaining("model-00002-of-00004.safetensors");
  }

  @Test
  void anEmptyWriterStillWritesOneValidShard() {
    Path index = new SafetensorsWriter().writeSharded(dir, "empty", 10);
    try (ShardedCheckpoint c = ShardedCheckpoint.open(index)) {
      assertThat(c.names()).isEmpty();
      assertThat(List.of(c.metadata().get("total_size"))).containsExactly("0");
    }
  }
}
