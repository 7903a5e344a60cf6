package ai.taskaware.llm.vqa;

import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.model.GenerationSettings;
import ai.taskaware.core.model.VisualEncoder;
import ai.taskaware.core.model.VqaModel;
import ai.taskaware.llm.generation.PromptOverflow;
import ai.taskaware.llm.generation.TextGenerator;
import ai.taskaware.llm.llama.LlamaModel;
import ai.taskaware.llm.prompt.ConversationTemplate;
import ai.taskaware.llm.prompt.ConversationTemplate.Turn;
import ai.taskaware.llm.prompt.ImagePrompt;
import ai.taskaware.llm.prompt.LlamaTokenizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * LLaVA-1.5's inference path with pluggable parts: images → {@link VisualEncoder} → projector
 * (features {@code [tokens, featureSize]} → embeddings {@code [tokens', hidden]}) → spliced at the
 * {@code <image>} placeholders of the templated prompt → {@link LlamaModel}.
 *
 * <p>A prompt without {@code <image>} gets {@code "<image>\n"} per image in front, as LLaVA's
 * evaluation scripts do; a prompt with placeholders must have one per image. Answers are stripped
 * of surrounding whitespace, as LLaVA strips them.
 *
 * <p>Thread-safe when the encoder and projector are. Owns the model, tokenizer and encoder: closing
 * this closes them.
 */
public final class LlavaStyleVqaModel implements VqaModel {
  private final LlamaModel model;
  private final LlamaTokenizer tokenizer;
  private final VisualEncoder encoder;
  private final UnaryOperator<INDArray> projector;
  private final ConversationTemplate template;
  private final boolean questionConditionsEncoder;
  private final TextGenerator generator;

  /**
   * @param model the language model
   * @param tokenizer its tokenizer
   * @param encoder the visual encoder
   * @param projector features of one image → its prompt embeddings
   * @param template the conversation template (LLaVA-1.5: {@link ConversationTemplate#VICUNA_V1})
   * @param questionConditionsEncoder pass the question to the encoder as each image's prompt (the
   *     paper's task-aware encoding); otherwise encode unconditionally
   * @param overflow what to do with prompts longer than the context
   */
  public LlavaStyleVqaModel(
      LlamaModel model,
      LlamaTokenizer tokenizer,
      VisualEncoder encoder,
      UnaryOperator<INDArray> projector,
      ConversationTemplate template,
      boolean questionConditionsEncoder,
      PromptOverflow overflow) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.encoder = encoder;
    this.projector = projector;
    this.template = template;
    this.questionConditionsEncoder = questionConditionsEncoder;
    this.generator = new TextGenerator(model, tokenizer, overflow);
  }

  @Override
  public String answer(List<RgbImage> images, String prompt, GenerationSettings settings) {
    return generator.generate(promptEmbeds(images, prompt), settings, null).text().strip();
  }

  /**
   * Generates an answer with the visual encoder conditioned on {@code encoderPrompts} instead of
   * the question: the paper's prompt-leakage study asks for a caption while the encoder sees a
   * caption (the image's own, or another image's).
   *
   * @param encoderPrompts one prompt per image ({@code ""} = unconditional)
   * @throws IllegalArgumentException when the counts of prompts and images differ
   */
  public String answer(
      List<RgbImage> images,
      String prompt,
      List<String> encoderPrompts,
      GenerationSettings settings) {
    if (encoderPrompts.size() != images.size()) {
      throw new IllegalArgumentException(
          "encoderPrompts: "
              + encoderPrompts.size()
              + " prompt(s) for "
              + images.size()
              + " image(s); expected one per image");
    }
    return generator
        .generate(promptEmbeds(images, prompt, encoderPrompts), settings, null)
        .text()
        .strip();
  }

  @Override
  public double[] scoreOptions(List<RgbImage> images, String prompt, List<String> options) {
    return generator.scoreOptions(promptEmbeds(images, prompt), options);
  }

  /**
   * The embeddings {@code [1, S, hidden]} the model is prompted with: the templated prompt with
   * each image's projected features at its placeholder.
   *
   * @throws ai.taskaware.llm.prompt.ImageCountMismatchException before any image is encoded when
   *     placeholders and images differ in number
   */
  public INDArray promptEmbeds(List<RgbImage> images, String prompt) {
    String question = prompt.replace(ImagePrompt.IMAGE_PLACEHOLDER, "").strip();
    return promptEmbeds(
        images,
        prompt,
        questionConditionsEncoder ? Collections.nCopies(images.size(), question) : List.of());
  }

  private INDArray promptEmbeds(List<RgbImage> images, String prompt, List<String> encoderPrompts) {
    boolean placed = prompt.contains(ImagePrompt.IMAGE_PLACEHOLDER);
    String user =
        placed ? prompt : (ImagePrompt.IMAGE_PLACEHOLDER + "\n").repeat(images.size()) + prompt;
    String text =
        template.render(List.of(new Turn(true, user, false), new Turn(false, null, false)));
    long[] ids = ImagePrompt.tokenize(tokenizer, text);
    ImagePrompt.requireImageCount(ids, images.size());
    List<INDArray> projected = new ArrayList<>();
    if (!images.isEmpty()) {
      INDArray features = encoder.encode(images, encoderPrompts);
      for (int i = 0; i < images.size(); i++) {
        INDArray one =
            features.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all()).dup();
        projected.add(projector.apply(one));
      }
    }
    return ImagePrompt.embed(ids, projected, model::embed);
  }

  @Override
  public void close() {
    try {
      encoder.close();
    } finally {
      try {
        tokenizer.close();
      } finally {
        model.close();
      }
    }
  }
}
