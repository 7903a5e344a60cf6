/**
 * A LLaVA-style {@link ai.taskaware.core.model.VqaModel}: visual tokens from any {@link
 * ai.taskaware.core.model.VisualEncoder}, mapped into the LLM's embedding space by any projector,
 * spliced into a templated prompt at {@code <image>}, answered by a LLaMA-family model.
 */
package ai.taskaware.llm.vqa;
