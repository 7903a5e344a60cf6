package ai.taskaware.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.checkpoint.config.LlamaConfig;
import ai.taskaware.core.model.GenerationSettings;
import ai.taskaware.llm.generation.PromptOverflow;
import ai.taskaware.llm.generation.TextGenerator;
import ai.taskaware.llm.llama.LlamaModel;
import ai.taskaware.llm.prompt.ConversationTemplate;
import ai.taskaware.llm.prompt.ConversationTemplate.Turn;
import ai.taskaware.llm.prompt.LlamaTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chat} on a generated tiny checkpoint: two piped lines give two reply lines, each equal to
 * greedy generation on the vicuna_v1 rendering of the whole conversation so far.
 */
class ChatCommandTest {
  private static final int MAX_NEW_TOKENS = 6;

  @Test
  void twoPipedLinesGetTheGreedyRepliesOfTheWholeConversation(@TempDir Path dir) throws Exception {
    Path folder = TinyChatModel.write(dir.resolve("model"), 7);
    List<String> questions = List.of("hello how are you?", "what is a cat?");

    List<String> expected = new ArrayList<>();
    try (LlamaModel model = LlamaModel.load(folder);
        LlamaTokenizer tokenizer =
            LlamaTokenizer.load(
                folder.resolve("tokenizer.json"),
                LlamaConfig.read(folder.resolve("config.json")))) {
      TextGenerator generator = new TextGenerator(model, tokenizer, PromptOverflow.FAIL);
      List<Turn> turns = new ArrayList<>();
      for (String q : questions) {
        turns.add(new Turn(true, q, false));
        List<Turn> open = new ArrayList<>(turns);
        open.add(new Turn(false, null, false));
        String reply =
            generator
                .generate(
                    ConversationTemplate.VICUNA_V1.render(open),
                    GenerationSettings.greedy(MAX_NEW_TOKENS),
                    null)
                .text();
        expected.add(reply);
        turns.add(new Turn(false, reply.strip(), false));
      }
    }
    assertThat(expected).allSatisfy(reply -> assertThat(reply).isNotBlank());
    assertThat(expected.get(0)).isNotEqualTo(expected.get(1));

    CliRun run =
        CliRun.withInput(
            String.join("\n", questions) + "\n",
            "chat",
            "--checkpoint",
            folder.toString(),
            "--max-new-tokens",
            "" + MAX_NEW_TOKENS);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out().lines().toList()).containsExactlyElementsOf(expected);
  }

  @Test
  void aFolderWithoutTokenizerIsNamed(@TempDir Path dir) throws Exception {
    Path folder = TinyChatModel.write(dir.resolve("model"), 7);
    java.nio.file.Files.delete(folder.resolve("tokenizer.json"));
    CliRun run = CliRun.withInput("hello\n", "chat", "--checkpoint", folder.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("no tokenizer.json");
  }

  @Test
  void badSettingsAreInputErrors(@TempDir Path dir) throws Exception {
    Path folder = TinyChatModel.write(dir.resolve("model"), 7);
    CliRun run =
        CliRun.withInput(
            "hello\n", "chat", "--checkpoint", folder.toString(), "--temperature", "-1");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("temperature must be >= 0");
  }
}
