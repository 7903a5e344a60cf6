/**
 * LLaVA prompting: conversation templates ({@code vicuna_v1}, {@code plain}) rendered exactly as
 * LLaVA's {@code conversation.py} renders them, a DJL tokenizer for the LLaMA {@code
 * tokenizer.json}, {@code <image>} placeholders tokenized as LLaVA's {@code tokenizer_image_token}
 * does, and image features spliced into the prompt embeddings at those placeholders.
 */
package ai.taskaware.llm.prompt;
