package ai.taskaware.examples.cli;

import ai.taskaware.benchmarks.judge.ChatCompletionsSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The options of commands that ask an OpenAI-compatible chat-completions judge (a picocli mixin):
 * where it is, which model, which environment variable holds the key, where exchanges are cached
 * and how often a request is retried. Without {@code --judge-url} the endpoint comes from the
 * environment as OpenAI's own clients read it ({@value ChatCompletionsSettings#BASE_URL_VARIABLE},
 * {@value ChatCompletionsSettings#API_KEY_VARIABLE}, {@value
 * ChatCompletionsSettings#MODEL_VARIABLE}).
 */
public final class JudgeEndpointOptions {

  @Option(
      names = "--judge-url",
      paramLabel = "URL",
      description =
          "OpenAI-compatible API base, e.g. https://api.openai.com/v1 (default $"
              + ChatCompletionsSettings.BASE_URL_VARIABLE
              + ", else OpenAI's when $"
              + ChatCompletionsSettings.API_KEY_VARIABLE
              + " is set).")
  String url;

  @Option(
      names = "--judge-model",
      paramLabel = "MODEL",
      description =
          "Judge model (default $"
              + ChatCompletionsSettings.MODEL_VARIABLE
              + ", else the official script's).")
  String model;

  @Option(
      names = "--judge-key-env",
      paramLabel = "VAR",
      description =
          "Environment variable holding the API key (default "
              + ChatCompletionsSettings.API_KEY_VARIABLE
              + " when set; with --judge-url and no key variable no key is sent).")
  String keyVariable;

  @Option(
      names = "--judge-cache",
      paramLabel = "DIR",
      description = "Folder caching every judge exchange, so a re-run costs nothing.")
  Path cache;

  @Option(
      names = "--judge-attempts",
      defaultValue = "6",
      paramLabel = "N",
      description = "Attempts per request on HTTP 429/5xx/I/O errors (default ${DEFAULT-VALUE}).")
  int attempts;

  /** A mixin instance for picocli. */
  public JudgeEndpointOptions() {}

  /** The cache folder: {@code --judge-cache}, else {@code fallback}. */
  public Path cacheOr(Path fallback) {
    return cache != null ? cache : fallback;
  }

  /**
   * The judge settings from the options, falling back on {@code environment} for what they leave
   * out.
   *
   * @param defaultCache the cache folder when {@code --judge-cache} is absent
   * @param environment the variables, e.g. {@code System::getenv}
   * @return empty when neither {@code --judge-url} nor the environment configures a judge
   * @throws CliInputException naming the option when the URL or the attempt count is malformed
   */
  public Optional<ChatCompletionsSettings> settings(
      Path defaultCache, Function<String, String> environment) {
    if (attempts < 1) {
      throw new CliInputException("--judge-attempts " + attempts + ": expected at least 1");
    }
    Path folder = cacheOr(defaultCache);
    Optional<ChatCompletionsSettings> configured =
        url != null
            ? Optional.of(ChatCompletionsSettings.of(uri(), folder))
            : ChatCompletionsSettings.fromEnvironment(environment, folder);
    return configured
        .map(s -> model == null ? s : s.withModel(model))
        .map(s -> keyVariable == null ? s : s.withApiKeyVariable(keyVariable))
        .map(s -> s.withRetries(attempts, Duration.ofSeconds(1), Duration.ofSeconds(60)));
  }

  private URI uri() {
    try {
      URI uri = new URI(url);
      if (uri.getHost() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new CliInputException(
            "--judge-url "
                + url
                + ": expected an http(s) URL such as "
                + ChatCompletionsSettings.OPENAI_BASE_URL);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new CliInputException("--judge-url " + url + ": not a URL (" + e.getReason() + ")");
    }
  }
}
