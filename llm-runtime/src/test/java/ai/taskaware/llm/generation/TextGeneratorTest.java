package ai.taskaware.llm.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.core.checkpoint.config.LlamaConfig;
import ai.taskaware.core.model.GenerationSettings;
import ai.taskaware.llm.llama.LlamaInputs;
import ai.taskaware.llm.llama.LlamaModel;
import ai.taskaware.llm.llama.PromptTooLongException;
import ai.taskaware.llm.llama.TinyLlamaCheckpoint;
import ai.taskaware.llm.prompt.ConversationTemplate;
import ai.taskaware.llm.prompt.ImagePrompt;
import ai.taskaware.llm.prompt.LlamaTokenizer;
import ai.taskaware.llm.prompt.TinyTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Decoding and option scoring on a random 64-token model, checked against uncached forwards. */
class TextGeneratorTest {
  @TempDir static Path dir;
  private static LlamaModel model;
  private static LlamaTokenizer tokenizer;
  private static TextGenerator generator;
  private static final String PROMPT =
      ConversationTemplate.VICUNA_V1.singleTurnPrompt("What color is it?", 0);

  @BeforeAll
  static void load() throws Exception {
    TinyLlamaCheckpoint ckpt =
        new TinyLlamaCheckpoint(
            TinyLlamaCheckpoint.Spec.small().withVocab(64).withRope(10000, null, 1, 128), 31);
    Path folder = ckpt.write(dir.resolve("model"), DataType.FLOAT, 0);
    model = LlamaModel.load(folder);
    tokenizer =
        LlamaTokenizer.load(
            TinyTokenizer.write(folder), LlamaConfig.read(folder.resolve("config.json")));
    generator = new TextGenerator(model, tokenizer, PromptOverflow.FAIL);
  }

  @AfterAll
  static void close() {
    tokenizer.close();
    model.close();
  }

  private static long[] promptIds() {
    return ImagePrompt.tokenize(tokenizer, PROMPT);
  }

  /** Logits of every position of {@code ids} from one uncached forward. */
  private static INDArray fullLogits(long[] ids) {
    INDArray embeds = model.embed(Nd4j.createFromArray(new long[][] {ids}));
    return model.forward(LlamaInputs.prefill(embeds, model.emptyCache(1)), false).logits();
  }

  private static float[] row(INDArray logits, long position) {
    return logits.get(NDArrayIndex.point(0), NDArrayIndex.point(position)).toFloatVector();
  }

  @Test
  void greedyIsTheArgmaxChainOfFullSequenceLogits() {
    Generation g = generator.generate(PROMPT, GenerationSettings.greedy(10), null);
    assertThat(g.tokenIds()).isNotEmpty();
    long[] prompt = promptIds();
    long[] all = LongStream.concat(Arrays.stream(prompt), Arrays.stream(g.tokenIds())).toArray();
    INDArray logits = fullLogits(all);
    for (int i = 0; i < g.tokenIds().length; i++) {
      assertThat((long) TokenSampler.argmax(row(logits, prompt.length - 1 + i)))
          .as("token %d", i)
          .isEqualTo(g.tokenIds()[i]);
    }
    if (g.stopReason() != Generation.StopReason.EOS) {
      assertThat(g.tokenIds()).hasSize(10);
      assertThat(g.stopReason()).isEqualTo(Generation.StopReason.MAX_NEW_TOKENS);
    }
    System.out.println("greedy: " + Arrays.toString(g.tokenIds()) + " '" + g.text() + "'");
  }

  @Test
  void topKOneIsGreedyAndSeededSamplingIsReproducible() {
    Generation greedy = generator.generate(PROMPT, GenerationSettings.greedy(8), null);
    Generation topK1 =
        generator.generate(PROMPT, new GenerationSettings(8, 1.3, 1.0, 1, 99, List.of()), null);
    assertThat(topK1.tokenIds()).containsExactly(greedy.tokenIds());
    GenerationSettings hot = new GenerationSettings(8, 1.5, 0.95, 40, 1234, List.of());
    Generation a = generator.generate(PROMPT, hot, null);
    Generation b = generator.generate(PROMPT, hot, null);
    assertThat(a.tokenIds()).containsExactly(b.tokenIds());
    boolean anyDiffers = false;
    for (long seed = 1; seed <= 5 && !anyDiffers; seed++) {
      Generation s =
          generator.generate(PROMPT, new GenerationSettings(8, 1.5, 1.0, 0, seed, List.of()), null);
      anyDiffers = !Arrays.equals(s.tokenIds(), greedy.tokenIds());
    }
    assertThat(anyDiffers)
        .as("sampling at temperature 1.5 departs from greedy for some seed")
        .isTrue();
  }

  @Test
  void stopStringsCutTheAnswerAndStreamingConcatenatesToIt() {
    Generation full = generator.generate(PROMPT, GenerationSettings.greedy(12), null);
    String[] words = full.text().strip().split("\\s+");
    assertThat(words.length).as("greedy text: '%s'", full.text()).isGreaterThanOrEqualTo(3);
    String stop = words[2];
    List<String> pieces = new ArrayList<>();
    Generation cut =
        generator.generate(
            PROMPT, new GenerationSettings(12, 0, 1, 0, 0, List.of(stop)), pieces::add);
    assertThat(cut.stopReason()).isEqualTo(Generation.StopReason.STOP_STRING);
    assertThat(cut.text()).isEqualTo(full.text().substring(0, full.text().indexOf(stop)));
    assertThat(String.join("", pieces)).isEqualTo(cut.text());
    assertThat(cut.tokenIds().length).isLessThan(full.tokenIds().length);
  }

  @Test
  void endOfSequenceStops() throws Exception {
    Generation full = generator.generate(PROMPT, GenerationSettings.greedy(6), null);
    long eos = full.tokenIds()[2];
    Path cfg = dir.resolve("eos");
    Files.createDirectories(cfg);
    Files.writeString(
        cfg.resolve("config.json"),
        Files.readString(dir.resolve("model/config.json"))
            .replace("\"eos_token_id\": 2", "\"eos_token_id\": " + eos));
    try (LlamaTokenizer t =
        LlamaTokenizer.load(
            dir.resolve("model/tokenizer.json"), LlamaConfig.read(cfg.resolve("config.json")))) {
      Generation g =
          new TextGenerator(model, t, PromptOverflow.FAIL)
              .generate(PROMPT, GenerationSettings.greedy(6), null);
      assertThat(g.stopReason()).isEqualTo(Generation.StopReason.EOS);
      int firstEos = 0;
      while (full.tokenIds()[firstEos] != eos) {
        firstEos++;
      }
      assertThat(g.tokenIds()).hasSize(firstEos + 1);
    }
  }

  @Test
  void optionScoresAreSummedLogSoftmaxOfAFullForward() {
    List<String> options = List.of("yes", "no", "black white", "red dog.");
    INDArray embeds = generator.embedText(PROMPT);
    double[] scores = generator.scoreOptions(embeds, options);
    long[] prompt = promptIds();
    double worst = 0;
    for (int o = 0; o < options.size(); o++) {
      long[] option = generator.continuationIds(options.get(o));
      long[] all = LongStream.concat(Arrays.stream(prompt), Arrays.stream(option)).toArray();
      INDArray logits = fullLogits(all);
      double expected = 0;
      for (int i = 0; i < option.length; i++) {
        expected += TextGenerator.logSoftmax(row(logits, prompt.length - 1 + i))[(int) option[i]];
      }
      worst = Math.max(worst, Math.abs(expected - scores[o]));
    }
    System.out.printf(
        "option scoring max|diff| vs full forward = %.3e (%s)%n", worst, Arrays.toString(scores));
    assertThat(generator.continuationIds("black white"))
        .containsExactly(TinyTokenizer.id("▁black"), TinyTokenizer.id("▁white"));
    assertThat(worst).isLessThanOrEqualTo(1e-4);
    assertThat(scores[2]).isNotEqualTo(scores[3]);
  }

  @Test
  void promptsLongerThanTheContextFailOrAreTruncatedWhenAsked() throws Exception {
    TinyLlamaCheckpoint ckpt =
        new TinyLlamaCheckpoint(
            TinyLlamaCheckpoint.Spec.small().withVocab(64).withRope(10000, null, 1, 16), 32);
    Path folder = ckpt.write(dir.resolve("short"), DataType.FLOAT, 0);
    try (LlamaModel small = LlamaModel.load(folder)) {
      String longPrompt = PROMPT; // 30+ tokens, context 16
      assertThatThrownBy(
              () ->
                  new TextGenerator(small, tokenizer, PromptOverflow.FAIL)
                      .generate(longPrompt, GenerationSettings.greedy(3), null))
          .isInstanceOf(PromptTooLongException.class)
          .hasMessageContaining("16");
      Generation g =
          new TextGenerator(small, tokenizer, PromptOverflow.TRUNCATE_LEFT)
              .generate(longPrompt, GenerationSettings.greedy(3), null);
      assertThat(g.tokenIds()).hasSize(1);
      assertThat(g.stopReason())
          .isIn(Generation.StopReason.CONTEXT_FULL, Generation.StopReason.EOS);
    }
  }
}
