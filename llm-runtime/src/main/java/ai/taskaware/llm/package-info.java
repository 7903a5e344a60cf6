/**
 * The language side of a LLaVA-style multimodal model: LLaMA-family graphs built from core's graph
 * IR ({@link ai.taskaware.llm.llama}), LLaVA prompting with image-token splicing ({@link
 * ai.taskaware.llm.prompt}), decoding and option scoring ({@link ai.taskaware.llm.generation}), and
 * a {@link ai.taskaware.core.model.VqaModel} composed from them ({@link ai.taskaware.llm.vqa}).
 */
package ai.taskaware.llm;
