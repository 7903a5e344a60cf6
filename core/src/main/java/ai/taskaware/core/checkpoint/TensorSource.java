package ai.taskaware.core.checkpoint;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Named tensors backed by one or more memory-mapped safetensors files. A single file and a sharded
 * checkpoint ({@code *.safetensors.index.json}) look the same through this interface, so model
 * builders never care which they got.
 */
public interface TensorSource extends AutoCloseable {

  /** Every tensor name, in file order. */
  Set<String> names();

  /** True when {@code name} is present. */
  default boolean contains(String name) {
    return names().contains(name);
  }

  /**
   * Where the tensor lives.
   *
   * @throws CheckpointException naming the checkpoint and the tensor when it is absent
   */
  TensorInfo info(String name);

  /**
   * A read-only little-endian view of the tensor's raw bytes, straight from the memory map (no
   * copy).
   *
   * @throws CheckpointException when the tensor is absent or larger than 2 GiB (use {@link #chunk})
   */
  ByteBuffer buffer(String name);

  /**
   * A read-only little-endian view of {@code length} bytes of the tensor starting at {@code
   * offset}: the way to stream tensors larger than 2 GiB.
   */
  ByteBuffer chunk(String name, long offset, int length);

  /**
   * The tensor as an INDArray of its own dtype (F16 → HALF, BF16 → BFLOAT16, BOOL → BOOL, …),
   * copied to ND4J's off-heap memory.
   */
  INDArray array(String name);

  /** The tensor converted to FLOAT (float32), whatever its dtype on disk. */
  INDArray floatArray(String name);

  /**
   * The {@code __metadata__} map of the file (for a sharded checkpoint, the index's {@code
   * metadata}).
   */
  Map<String, String> metadata();

  /** Releases the memory maps. Buffers obtained earlier must not be used afterwards. */
  @Override
  void close();
}
