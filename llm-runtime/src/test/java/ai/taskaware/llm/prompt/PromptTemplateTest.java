package ai.taskaware.llm.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.core.checkpoint.config.LlamaConfig;
import ai.taskaware.llm.prompt.ConversationTemplate.Turn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** LLaVA's templates and tokenizer_image_token, checked string by string and id by id. */
class PromptTemplateTest {
  @TempDir static Path dir;
  private static LlamaTokenizer tokenizer;

  private static final String SYSTEM =
      "A chat between a curious user and an artificial intelligence assistant. The assistant"
          + " gives helpful, detailed, and polite answers to the user's questions.";

  @BeforeAll
  static void load() throws Exception {
    Path json = TinyTokenizer.write(dir);
    LlamaConfig config = LlamaConfig.read(TinyTokenizer.writeConfig(dir, 64));
    tokenizer = LlamaTokenizer.load(json, config);
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  private static List<Turn> twoTurnsWithImage() {
    return List.of(
        new Turn(true, "What is shown?\n<image>", true),
        new Turn(false, "A cat.", false),
        new Turn(true, "What color is it?", false),
        new Turn(false, null, false));
  }

  @Test
  void vicunaV1TwoTurnPromptStringIsLlavas() {
    assertThat(ConversationTemplate.VICUNA_V1.system()).isEqualTo(SYSTEM);
    assertThat(ConversationTemplate.VICUNA_V1.render(twoTurnsWithImage()))
        .isEqualTo(
            SYSTEM
                + " USER: <image>\nWhat is shown? ASSISTANT: A cat.</s>USER: What color is it?"
                + " ASSISTANT:");
  }

  @Test
  void vicunaV1TwoTurnTokenIdsFollowTokenizerImageToken() {
    long[] ids =
        ImagePrompt.tokenize(tokenizer, ConversationTemplate.VICUNA_V1.render(twoTurnsWithImage()));
    List<String> expected = new ArrayList<>(List.of("<s>"));
    for (String w : SYSTEM.split(" ")) {
      expected.add("▁" + w);
    }
    // "USER: " ends in a space: SentencePiece leaves a lone "▁" before the image, as LLaMA does
    expected.addAll(
        List.of(
            "▁USER:",
            "▁",
            "IMAGE",
            "▁\nWhat",
            "▁is",
            "▁shown?",
            "▁ASSISTANT:",
            "▁A",
            "▁cat.",
            "</s>",
            "USER:",
            "▁What",
            "▁color",
            "▁is",
            "▁it?",
            "▁ASSISTANT:"));
    long[] want =
        expected.stream().mapToLong(t -> t.equals("IMAGE") ? -200 : TinyTokenizer.id(t)).toArray();
    assertThat(ids).containsExactly(want);
    assertThat(ids[0]).isEqualTo(1);
    assertThat(java.util.Arrays.stream(ids).filter(i -> i == 1).count())
        .as("a single BOS although every chunk is tokenized with one")
        .isEqualTo(1);
  }

  @Test
  void singleTurnPromptAndPlainTemplate() {
    assertThat(ConversationTemplate.VICUNA_V1.singleTurnPrompt("What is shown?", 1))
        .isEqualTo(SYSTEM + " USER: <image>\nWhat is shown? ASSISTANT:");
    assertThat(ConversationTemplate.PLAIN.singleTurnPrompt("Describe", 1))
        .isEqualTo("<image>\nDescribe\n");
    assertThat(ImagePrompt.tokenize(tokenizer, "<image>\nDescribe\n"))
        .as("an image first: BOS, placeholder, then the rest without its own BOS")
        .containsExactly(1, -200, TinyTokenizer.id("▁\nDescribe\n"));
    assertThatThrownBy(
            () ->
                ConversationTemplate.PLAIN.render(
                    List.of(new Turn(true, "<image>", false), new Turn(false, "A cat.", false))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sep2");
  }

  @Test
  void imageFeaturesAreSplicedAtThePlaceholders() {
    long[] ids = {1, 5, -200, 6, 7, -200, 8};
    // stand-in embedding: row = the id in every column
    INDArray a = Nd4j.ones(2, 3).muli(100);
    INDArray b = Nd4j.ones(1, 3).muli(200);
    INDArray e =
        ImagePrompt.embed(
            ids,
            List.of(a, b),
            t ->
                t.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)
                    .reshape(1, t.size(1), 1)
                    .repeat(2, 3));
    assertThat(e.shape()).containsExactly(1, 8, 3);
    double[] firstColumn =
        e.get(
                org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(0))
            .toDoubleVector();
    assertThat(firstColumn).containsExactly(1, 5, 100, 100, 6, 7, 200, 8);
  }

  @Test
  void placeholderImageCountMismatchIsTyped() {
    long[] ids = ImagePrompt.tokenize(tokenizer, "<image>\nWhat is shown? <image>");
    assertThat(ImagePrompt.placeholders(ids)).isEqualTo(2);
    assertThatThrownBy(() -> ImagePrompt.embed(ids, List.of(Nd4j.ones(2, 3)), t -> t))
        .isInstanceOf(ImageCountMismatchException.class)
        .hasMessageContaining("2 <image> placeholder(s) but 1 image(s)");
  }

  @Test
  void tokenizerLargerThanTheModelVocabularyIsTyped() throws Exception {
    Path json = TinyTokenizer.write(dir.resolve("t2"));
    LlamaConfig small = LlamaConfig.read(TinyTokenizer.writeConfig(dir.resolve("c2"), 50));
    assertThatThrownBy(() -> LlamaTokenizer.load(json, small))
        .isInstanceOf(TokenizerMismatchException.class)
        .hasMessageContaining("64 ids")
        .hasMessageContaining("vocab_size is 50");
  }
}
