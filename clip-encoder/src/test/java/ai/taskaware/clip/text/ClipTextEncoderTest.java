package ai.taskaware.clip.text;

import static ai.taskaware.clip.Fixtures.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.taskaware.clip.ClipCheckpoint;
import ai.taskaware.clip.ClipException;
import ai.taskaware.clip.ClipRuntime;
import ai.taskaware.clip.Fixtures;
import ai.taskaware.clip.ReferenceClip;
import ai.taskaware.clip.TinyClipCheckpoints;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The TextEncoder contract on the SD2.1-shaped fixture tower with a small SD2-style tokenizer. */
class ClipTextEncoderTest {
  @TempDir Path temp;

  @Test
  void stableDiffusionConditioningIsTheFinalNormOfAllPositions() throws Exception {
    Path tokenizerFolder = TinyClipVocabulary.writeSlowFiles(temp.resolve("tokenizer"), "!");
    Path model = Fixtures.resource("clip_text");
    List<String> prompts = List.of("a dog", "", "Hello, cat 42");
    INDArray encoded;
    ClipTokenizer.Batch batch;
    try (ClipTextEncoder encoder =
        ClipTextEncoder.forStableDiffusion(model, tokenizerFolder, ClipRuntime.cpu())) {
      assertThat(encoder.maxTokens()).isEqualTo(77);
      assertThat(encoder.hiddenSize()).isEqualTo(32);
      encoded = encoder.encode(prompts);
      batch = encoder.tokenizer().tokenize(prompts);
      assertThat(batch.inputIds().getRow(1).getLong(2)).isZero(); // SD2 pads with "!" = 0
    }
    assertThat(encoded.shape()).containsExactly(3, 77, 32);
    double worst = 0;
    try (ClipCheckpoint checkpoint = ClipCheckpoint.open(model)) {
      ReferenceClip ref = new ReferenceClip(checkpoint.weights(), 4, "gelu", 1e-5);
      for (int b = 0; b < prompts.size(); b++) {
        List<INDArray> states = ref.text(batch.inputIds().getRow(b).toLongVector(), null, 2);
        INDArray expected = ref.layerNorm(states.get(2), "text_model.final_layer_norm");
        worst = Math.max(worst, maxAbsDiff(encoded.slice(b), expected));
      }
    }
    System.out.printf("SD conditioning vs plain forward of the tokenized prompts: %.3g%n", worst);
    assertThat(worst).isLessThanOrEqualTo(1e-4);
  }

  @Test
  void tokenizerThatDoesNotFitTheTowerIsATypedError() throws Exception {
    Path tokenizerFolder = TinyClipVocabulary.writeSlowFiles(temp.resolve("tokenizer"), "!");
    // 50 token embeddings cannot take the tokenizer's EOS id (89)
    Path model =
        TinyClipCheckpoints.textModel(
            temp.resolve("small"),
            5,
            new TinyClipCheckpoints.Text(50, 16, 1, 2, 32, "gelu", 77),
            null);
    assertThatThrownBy(
            () -> ClipTextEncoder.forStableDiffusion(model, tokenizerFolder, ClipRuntime.cpu()))
        .isInstanceOf(ClipException.class)
        .hasMessageContaining("vocab_size")
        .hasMessageContaining("50");
    Path shortContext =
        TinyClipCheckpoints.textModel(
            temp.resolve("short"),
            6,
            new TinyClipCheckpoints.Text(100, 16, 1, 2, 32, "gelu", 20),
            null);
    assertThatThrownBy(
            () ->
                ClipTextEncoder.forStableDiffusion(
                    shortContext, tokenizerFolder, ClipRuntime.cpu()))
        .isInstanceOf(ClipException.class)
        .hasMessageContaining("max_position_embeddings")
        .hasMessageContaining("77");
    assertThatThrownBy(
            () ->
                ClipTextEncoder.open(
                    Fixtures.resource("clip_text"),
                    tokenizerFolder,
                    Set.of(ClipTextGraph.TEXT_EMBEDS),
                    ClipTextGraph.Options.STABLE_DIFFUSION,
                    ClipTokenizer.Options.DEFAULT,
                    ClipRuntime.cpu()))
        .isInstanceOf(ClipException.class)
        .hasMessageContaining("text_embeds")
        .hasMessageContaining("pooler_output");
    assertThatThrownBy(
            () ->
                ClipTextEncoder.forStableDiffusion(
                    Fixtures.resource("clip_text"), temp.resolve("nowhere"), ClipRuntime.cpu()))
        .isInstanceOf(ClipException.class)
        .hasMessageContaining("nowhere");
  }
}
