/**
 * The graph IR every model family is written in, and its emission to ONNX.
 *
 * <p>A model is a function {@code (config, weights) → }{@link ai.taskaware.core.graph.Graph}: a
 * {@link ai.taskaware.core.graph.GraphBuilder} records an explicit list of {@link
 * ai.taskaware.core.graph.Node}s over named {@link ai.taskaware.core.graph.Value}s (dtype and a
 * possibly symbolic {@link ai.taskaware.core.graph.Shape}), with weights taken from checkpoint
 * tensors without copying. {@link ai.taskaware.core.graph.OnnxEmitter} turns a graph into an ONNX
 * {@code ModelProto}, streaming weights to disk (as ONNX external data past 2 GB). {@link
 * ai.taskaware.core.graph.OnnxGraphSurgery} edits ONNX files made elsewhere: it exposes internal
 * values as outputs and prunes what the outputs do not need.
 */
package ai.taskaware.core.graph;
