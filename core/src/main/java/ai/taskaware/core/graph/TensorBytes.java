package ai.taskaware.core.graph;

import ai.taskaware.core.checkpoint.DType;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;

/**
 * Where an initializer's little-endian bytes come from. Checkpoint tensors stay in their memory map
 * until the moment they are written.
 */
sealed interface TensorBytes {

  /** Bytes this tensor occupies in the emitted model. */
  long byteLength();

  /** The bytes as a protobuf string; zero-copy for {@link Raw}. */
  ByteString toByteString();

  /** Streams the bytes to {@code out}. */
  void writeTo(WritableByteChannel out) throws IOException;

  /** Bytes used as they are: wrapped, never copied. */
  record Raw(ByteBuffer bytes) implements TensorBytes {
    public Raw {
      bytes = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public long byteLength() {
      return bytes.remaining();
    }

    @Override
    public ByteString toByteString() {
      return UnsafeByteOperations.unsafeWrap(bytes.duplicate());
    }

    @Override
    public void writeTo(WritableByteChannel out) throws IOException {
      ByteBuffer b = bytes.duplicate();
      while (b.hasRemaining()) {
        out.write(b);
      }
    }
  }

  /** fp16 / bf16 / fp64 bytes converted to float32 as they are written. */
  record ToFloat(ByteBuffer bytes, DType from) implements TensorBytes {
    private static final int CHUNK_ELEMENTS = 1 << 20;

    public ToFloat {
      bytes = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    long elements() {
      return bytes.remaining() / from.byteSize();
    }

    @Override
    public long byteLength() {
      return elements() * 4;
    }

    @Override
    public ByteString toByteString() {
      ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(byteLength()));
      convert(0, (int) elements(), out.order(ByteOrder.LITTLE_ENDIAN));
      out.flip();
      return UnsafeByteOperations.unsafeWrap(out);
    }

    @Override
    public void writeTo(WritableByteChannel out) throws IOException {
      ByteBuffer chunk =
          ByteBuffer.allocateDirect(4 * (int) Math.min(CHUNK_ELEMENTS, Math.max(1, elements())))
              .order(ByteOrder.LITTLE_ENDIAN);
      long n = elements();
      for (long start = 0; start < n; start += CHUNK_ELEMENTS) {
        chunk.clear();
        convert((int) start, (int) Math.min(CHUNK_ELEMENTS, n - start), chunk);
        chunk.flip();
        while (chunk.hasRemaining()) {
          out.write(chunk);
        }
      }
    }

    private void convert(int start, int count, ByteBuffer out) {
      for (int i = start; i < start + count; i++) {
        float f =
            switch (from) {
              case F16 -> HalfPrecision.fp16ToFloat(bytes.getShort(2 * i));
              case BF16 -> HalfPrecision.bf16ToFloat(bytes.getShort(2 * i));
              case F64 -> (float) bytes.getDouble(8 * i);
              case F32 -> bytes.getFloat(4 * i);
              default -> throw new IllegalStateException("not a floating-point dtype: " + from);
            };
        out.putFloat(f);
      }
    }
  }
}
