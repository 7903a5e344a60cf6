package ai.taskaware.examples.chat;

import ai.taskaware.core.checkpoint.config.LlamaConfig;
import ai.taskaware.core.model.GenerationSettings;
import ai.taskaware.examples.cli.CheckpointOption;
import ai.taskaware.examples.cli.CliInputException;
import ai.taskaware.examples.cli.TaskawareSubcommand;
import ai.taskaware.llm.generation.Generation;
import ai.taskaware.llm.generation.PromptOverflow;
import ai.taskaware.llm.generation.TextGenerator;
import ai.taskaware.llm.llama.LlamaModel;
import ai.taskaware.llm.prompt.ConversationTemplate;
import ai.taskaware.llm.prompt.LlamaTokenizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code taskaware chat}: reads one user message per line from stdin, renders the whole
 * conversation with the vicuna_v1 template, and streams the model's reply to stdout as one line per
 * turn.
 */
@Command(
    name = "chat",
    description = {
      "Chat with a LLaMA-family model (Hugging Face folder with config.json, safetensors weights"
          + " and tokenizer.json). One user message per line on stdin; each reply is printed as"
          + " one line on stdout. Template: vicuna_v1. Greedy unless --temperature > 0.",
      "The oldest turns are dropped from the prompt when the conversation outgrows the context."
    })
public final class ChatCommand extends TaskawareSubcommand {

  @Mixin CheckpointOption checkpoint;

  @Option(
      names = "--max-new-tokens",
      defaultValue = "256",
      paramLabel = "N",
      description = "Most tokens per reply (default ${DEFAULT-VALUE}).")
  int maxNewTokens;

  @Option(
      names = "--temperature",
      defaultValue = "0",
      paramLabel = "T",
      description = "0 for greedy decoding (default), otherwise the sampling temperature.")
  double temperature;

  @Option(
      names = "--top-p",
      defaultValue = "1",
      paramLabel = "P",
      description = "Nucleus sampling mass when sampling (default ${DEFAULT-VALUE}).")
  double topP;

  @Option(
      names = "--seed",
      defaultValue = "0",
      paramLabel = "S",
      description = "Sampler seed (default ${DEFAULT-VALUE}).")
  long seed;

  /** For picocli. */
  public ChatCommand() {}

  @Override
  protected void execute() throws IOException {
    GenerationSettings settings;
    try {
      settings = new GenerationSettings(maxNewTokens, temperature, topP, 0, seed, List.of());
    } catch (IllegalArgumentException e) {
      throw new CliInputException("chat options: " + e.getMessage(), e);
    }
    Path folder = checkpoint.folder();
    Path tokenizerJson = folder.resolve("tokenizer.json");
    if (!Files.isRegularFile(tokenizerJson)) {
      throw new CliInputException(
          "--checkpoint " + folder + ": no tokenizer.json (a Hugging Face fast tokenizer file)");
    }
    ConversationTemplate template = ConversationTemplate.VICUNA_V1;
    PrintStream out = out();
    boolean interactive = System.console() != null;
    try (LlamaModel model = LlamaModel.load(folder);
        LlamaTokenizer tokenizer =
            LlamaTokenizer.load(tokenizerJson, LlamaConfig.read(folder.resolve("config.json")))) {
      TextGenerator generator = new TextGenerator(model, tokenizer, PromptOverflow.TRUNCATE_LEFT);
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(in(), StandardCharsets.UTF_8));
      List<ConversationTemplate.Turn> turns = new ArrayList<>();
      if (interactive) {
        err().println("Type a message and press Enter; end with Ctrl-D.");
      }
      for (String line = prompt(interactive, lines);
          line != null;
          line = prompt(interactive, lines)) {
        if (line.isBlank()) {
          continue;
        }
        turns.add(new ConversationTemplate.Turn(true, line.strip(), false));
        List<ConversationTemplate.Turn> open = new ArrayList<>(turns);
        open.add(new ConversationTemplate.Turn(false, null, false));
        Generation reply = generator.generate(template.render(open), settings, out::print);
        out.println();
        out.flush();
        turns.add(new ConversationTemplate.Turn(false, reply.text().strip(), false));
      }
    }
  }

  private String prompt(boolean interactive, BufferedReader lines) throws IOException {
    if (interactive) {
      err().print(ConversationTemplate.VICUNA_V1.userRole() + ": ");
      err().flush();
    }
    return lines.readLine();
  }
}
