package ai.taskaware.llm.vqa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.core.checkpoint.config.LlamaConfig;
import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.model.GenerationSettings;
import ai.taskaware.core.model.VisualEncoder;
import ai.taskaware.llm.generation.PromptOverflow;
import ai.taskaware.llm.generation.TextGenerator;
import ai.taskaware.llm.llama.LlamaModel;
import ai.taskaware.llm.llama.TinyLlamaCheckpoint;
import ai.taskaware.llm.prompt.ConversationTemplate;
import ai.taskaware.llm.prompt.ImageCountMismatchException;
import ai.taskaware.llm.prompt.ImagePrompt;
import ai.taskaware.llm.prompt.LlamaTokenizer;
import ai.taskaware.llm.prompt.TinyTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The VQA composition: encoder → projector → splice at {@code <image>} → LLaMA. */
class LlavaStyleVqaModelTest {
  @TempDir static Path dir;
  private static LlamaModel model;
  private static LlamaTokenizer tokenizer;
  private static RecordingEncoder encoder;
  private static LlavaStyleVqaModel vqa;
  private static final INDArray PROJECTION = seededProjection();

  /** Three tokens of five channels from an image's per-channel means; records its calls. */
  static final class RecordingEncoder implements VisualEncoder {
    final List<List<String>> prompts = new ArrayList<>();

    @Override
    public INDArray encode(List<RgbImage> images, List<String> p) {
      prompts.add(List.copyOf(p));
      INDArray out = Nd4j.create(DataType.FLOAT, images.size(), 3, 5);
      for (int i = 0; i < images.size(); i++) {
        RgbImage im = images.get(i);
        for (int t = 0; t < 3; t++) {
          for (int f = 0; f < 5; f++) {
            out.putScalar(new long[] {i, t, f}, im.get(t, 0, f % 3) / 255.0 + 0.1 * t);
          }
        }
      }
      return out;
    }

    @Override
    public int tokenCount() {
      return 3;
    }

    @Override
    public int featureSize() {
      return 5;
    }

    @Override
    public void close() {}
  }

  private static INDArray seededProjection() {
    java.util.Random r = new java.util.Random(5);
    float[] w = new float[5 * 32];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextGaussian();
    }
    return Nd4j.create(w, new long[] {5, 32}, 'c');
  }

  private static INDArray project(INDArray features) {
    return features.mmul(PROJECTION);
  }

  private static RgbImage image(int seed) {
    byte[] px = new byte[4 * 4 * 3];
    new java.util.Random(seed).nextBytes(px);
    return new RgbImage(4, 4, px);
  }

  @BeforeAll
  static void load() throws Exception {
    TinyLlamaCheckpoint ckpt =
        new TinyLlamaCheckpoint(
            TinyLlamaCheckpoint.Spec.small().withVocab(64).withRope(10000, null, 1, 128), 41);
    Path folder = ckpt.write(dir.resolve("model"), DataType.FLOAT, 0);
    model = LlamaModel.load(folder);
    tokenizer =
        LlamaTokenizer.load(
            TinyTokenizer.write(folder), LlamaConfig.read(folder.resolve("config.json")));
    encoder = new RecordingEncoder();
    vqa =
        new LlavaStyleVqaModel(
            model,
            tokenizer,
            encoder,
            LlavaStyleVqaModelTest::project,
            ConversationTemplate.VICUNA_V1,
            true,
            PromptOverflow.FAIL);
  }

  @AfterAll
  static void close() {
    vqa.close();
  }

  /** The prompt embeddings built by hand: text before, projected features, text after. */
  private static INDArray expectedEmbeds(RgbImage img, String question) {
    long[] ids =
        ImagePrompt.tokenize(
            tokenizer, ConversationTemplate.VICUNA_V1.singleTurnPrompt(question, 1));
    int at = 0;
    while (ids[at] != ImagePrompt.IMAGE_TOKEN_INDEX) {
      at++;
    }
    INDArray before =
        model.embed(Nd4j.createFromArray(new long[][] {Arrays.copyOfRange(ids, 0, at)}));
    INDArray after =
        model.embed(
            Nd4j.createFromArray(new long[][] {Arrays.copyOfRange(ids, at + 1, ids.length)}));
    INDArray feats = encoder.encode(List.of(img), List.of()).reshape(3, 5);
    INDArray image = project(feats).reshape(1, 3, 32);
    return Nd4j.concat(1, before, image, after);
  }

  @Test
  void imageFeaturesLandAtThePlaceholderAndDriveTheAnswer() {
    RgbImage img = image(1);
    INDArray embeds = vqa.promptEmbeds(List.of(img), "What is shown?");
    INDArray expected = expectedEmbeds(img, "What is shown?");
    assertThat(embeds.shape()).isEqualTo(expected.shape());
    assertThat(embeds.sub(expected).amaxNumber().doubleValue()).isLessThanOrEqualTo(1e-6);

    TextGenerator generator = new TextGenerator(model, tokenizer, PromptOverflow.FAIL);
    String answer = vqa.answer(List.of(img), "What is shown?", GenerationSettings.greedy(6));
    assertThat(answer)
        .isEqualTo(generator.generate(expected, GenerationSettings.greedy(6), null).text().strip());

    List<String> options = List.of("yes", "no", "black white");
    double[] scores = vqa.scoreOptions(List.of(img), "What is shown?", options);
    assertThat(scores)
        .containsExactly(
            generator.scoreOptions(expected, options), org.assertj.core.data.Offset.offset(1e-5));
    double[] other = vqa.scoreOptions(List.of(image(2)), "What is shown?", options);
    assertThat(other).as("another image changes the scores").isNotEqualTo(scores);
  }

  @Test
  void theQuestionConditionsTheEncoderWhenAsked() {
    encoder.prompts.clear();
    vqa.scoreOptions(List.of(image(3), image(4)), "What is shown?", List.of("yes"));
    assertThat(encoder.prompts).containsExactly(List.of("What is shown?", "What is shown?"));
  }

  @Test
  void explicitEncoderPromptsReplaceTheQuestionForTheEncoderOnly() {
    encoder.prompts.clear();
    RgbImage img = image(6);
    String leaked =
        vqa.answer(
            List.of(img),
            "Provide a one-sentence caption.",
            List.of("a dog on the beach"),
            GenerationSettings.greedy(4));
    assertThat(encoder.prompts).containsExactly(List.of("a dog on the beach"));
    // The encoder here ignores its prompt, so the answer equals the plain one: only the encoder's
    // conditioning changed, not the language model's prompt.
    assertThat(leaked)
        .isEqualTo(
            vqa.answer(
                List.of(img), "Provide a one-sentence caption.", GenerationSettings.greedy(4)));
    assertThatThrownBy(
            () ->
                vqa.answer(
                    List.of(img), "Caption.", List.of("a", "b"), GenerationSettings.greedy(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 prompt(s) for 1 image(s)");
  }

  @Test
  void placeholderCountMustMatchImagesBeforeAnythingIsEncoded() {
    encoder.prompts.clear();
    assertThatThrownBy(
            () ->
                vqa.answer(
                    List.of(image(5)),
                    "<image> <image> What is shown?",
                    GenerationSettings.greedy(2)))
        .isInstanceOf(ImageCountMismatchException.class)
        .hasMessageContaining("2 <image> placeholder(s) but 1 image(s)");
    assertThat(encoder.prompts).isEmpty();
  }
}
