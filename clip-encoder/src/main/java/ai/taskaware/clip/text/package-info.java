/**
 * The CLIP text tower: tokenization with CLIP's rules through DJL's Hugging Face tokenizers ({@link
 * ClipTokenizer}, from {@code tokenizer.json} or from {@code vocab.json} + {@code merges.txt}), the
 * graph ({@link ClipTextGraph}) and the encoder that runs it ({@link ClipTextEncoder}, a core
 * {@code TextEncoder} giving Stable Diffusion's conditioning).
 */
package ai.taskaware.clip.text;
