package ai.taskaware.core.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A checkpoint split over several safetensors files and described by a {@code
 * *.safetensors.index.json} ({@code weight_map}: tensor name → shard file name, {@code metadata}).
 * Every shard's header is opened and cross-checked against the index when the checkpoint opens, so
 * a missing shard, a tensor the index promises but the shard lacks, or a tensor a shard holds but
 * the index does not list all fail at once, not in the middle of building a model.
 */
public final class ShardedCheckpoint implements TensorSource {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final Path index;
  private final Map<String, SafetensorsFile> shardOf;
  private final List<SafetensorsFile> shards;
  private final Map<String, String> metadata;

  private ShardedCheckpoint(
      Path index,
      Map<String, SafetensorsFile> shardOf,
      List<SafetensorsFile> shards,
      Map<String, String> metadata) {
    this.index = index;
    this.shardOf = shardOf;
    this.shards = shards;
    this.metadata = metadata;
  }

  /**
   * Opens the index and every shard it names (shard paths are relative to the index's folder).
   *
   * @throws CheckpointException naming the index, the shard and the tensor involved
   */
  public static ShardedCheckpoint open(Path indexJson) {
    JsonNode root = readIndex(indexJson);
    JsonNode weightMap = root.get("weight_map");
    if (weightMap == null || !weightMap.isObject()) {
      throw new CheckpointException(
          indexJson, "weight_map", "index must have a 'weight_map' object (tensor name → shard)");
    }
    Path folder = indexJson.toAbsolutePath().getParent();
    Map<String, String> shardNameOf = new LinkedHashMap<>();
    Map<String, Path> shardPaths = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : weightMap.properties()) {
      if (!e.getValue().isTextual()) {
        throw new CheckpointException(
            indexJson, e.getKey(), "weight_map value must be a shard file name (a string)");
      }
      String shard = e.getValue().textValue();
      Path path = folder.resolve(shard).normalize();
      if (shard.isEmpty()
          || path.getParent() == null
          || !path.getParent().equals(folder.normalize())) {
        throw new CheckpointException(
            indexJson,
            e.getKey(),
            "shard '" + shard + "' must be a plain file name in the index's folder");
      }
      shardNameOf.put(e.getKey(), shard);
      shardPaths.put(shard, path);
    }
    Map<String, SafetensorsFile> opened = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, Path> s : shardPaths.entrySet()) {
        if (!Files.isRegularFile(s.getValue())) {
          String tensor = firstTensorOf(shardNameOf, s.getKey());
          throw new CheckpointException(
              indexJson,
              tensor,
              "shard '" + s.getKey() + "' listed in weight_map does not exist at " + s.getValue());
        }
        opened.put(s.getKey(), SafetensorsFile.open(s.getValue()));
      }
      Map<String, SafetensorsFile> shardOf = new LinkedHashMap<>();
      for (SafetensorsFile shard : opened.values()) {
        String shardName = shard.file().getFileName().toString();
        for (String name : shard.names()) {
          String listed = shardNameOf.get(name);
          if (listed == null) {
            throw new CheckpointException(
                indexJson,
                name,
                "shard '" + shardName + "' holds a tensor that weight_map does not list");
          }
          if (!listed.equals(shardName)) {
            throw new CheckpointException(
                indexJson,
                name,
                "weight_map puts the tensor in '"
                    + listed
                    + "' but it is (also) in shard '"
                    + shardName
                    + "'");
          }
          shardOf.put(name, shard);
        }
      }
      for (Map.Entry<String, String> e : shardNameOf.entrySet()) {
        if (!shardOf.containsKey(e.getKey())) {
          throw new CheckpointException(
              indexJson,
              e.getKey(),
              "weight_map says shard '" + e.getValue() + "' holds the tensor, but it does not");
        }
      }
      return new ShardedCheckpoint(
          indexJson,
          Collections.unmodifiableMap(shardOf),
          List.copyOf(opened.values()),
          readMetadata(indexJson, root.get("metadata")));
    } catch (RuntimeException e) {
      opened.values().forEach(SafetensorsFile::close);
      throw e;
    }
  }

  private static String firstTensorOf(Map<String, String> shardNameOf, String shard) {
    for (Map.Entry<String, String> e : shardNameOf.entrySet()) {
      if (e.getValue().equals(shard)) {
        return e.getKey();
      }
    }
    return null;
  }

  private static JsonNode readIndex(Path indexJson) {
    if (!Files.isRegularFile(indexJson)) {
      throw new CheckpointException(indexJson, null, "index file does not exist");
    }
    JsonNode root;
    try {
      root = JSON.readTree(indexJson.toFile());
    } catch (JsonProcessingException e) {
      throw new CheckpointException(
          indexJson, null, "index is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new CheckpointException(indexJson, null, "cannot read: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new CheckpointException(indexJson, null, "index must be a JSON object");
    }
    return root;
  }

  private static Map<String, String> readMetadata(Path indexJson, JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return Collections.unmodifiableMap(out);
    }
    if (!node.isObject()) {
      throw new CheckpointException(indexJson, "metadata", "'metadata' must be an object");
    }
    // total_size is a number in real indexes; keep scalars as text so the map stays string→string.
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      out.put(
          e.getKey(),
          e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString());
    }
    return Collections.unmodifiableMap(out);
  }

  /** The index file. */
  public Path indexFile() {
    return index;
  }

  /** The opened shards, ordered by file name. */
  public List<SafetensorsFile> shards() {
    return shards;
  }

  private SafetensorsFile shard(String name) {
    SafetensorsFile s = shardOf.get(name);
    if (s == null) {
      throw new CheckpointException(
          index, name, "no such tensor (the checkpoint holds " + shardOf.size() + " tensors)");
    }
    return s;
  }

  /** Every tensor name, shard by shard (shards ordered by file name), each in file order. */
  @Override
  public Set<String> names() {
    Set<String> out = new LinkedHashSet<>();
    for (SafetensorsFile s : shards) {
      out.addAll(s.names());
    }
    return Collections.unmodifiableSet(out);
  }

  @Override
  public boolean contains(String name) {
    return shardOf.containsKey(name);
  }

  @Override
  public TensorInfo info(String name) {
    return shard(name).info(name);
  }

  @Override
  public ByteBuffer buffer(String name) {
    return shard(name).buffer(name);
  }

  @Override
  public ByteBuffer chunk(String name, long offset, int length) {
    return shard(name).chunk(name, offset, length);
  }

  @Override
  public INDArray array(String name) {
    return shard(name).array(name);
  }

  @Override
  public INDArray floatArray(String name) {
    return shard(name).floatArray(name);
  }

  /** The index's {@code metadata} (non-string values such as {@code total_size} as JSON text). */
  @Override
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public void close() {
    List<SafetensorsFile> reversed = new ArrayList<>(shards);
    Collections.reverse(reversed);
    reversed.forEach(SafetensorsFile::close);
  }

  @Override
  public String toString() {
    return "ShardedCheckpoint["
        + index
        + ", "
        + shards.size()
        + " shards, "
        + shardOf.size()
        + " tensors]";
  }
}
