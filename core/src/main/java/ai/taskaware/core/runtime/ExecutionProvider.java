package ai.taskaware.core.runtime;

/** The ONNX Runtime execution providers taskaware can run a model on. */
public enum ExecutionProvider {
  /** ORT's built-in CPU provider, always available; the default. */
  CPU,
  /**
   * NVIDIA CUDA (opt-in). Needs the {@code onnxruntime_gpu} artifact (Maven profile {@code cuda}),
   * the CUDA 12 runtime libraries and cuDNN 9. Nodes CUDA cannot run fall back to the CPU.
   */
  CUDA
}
