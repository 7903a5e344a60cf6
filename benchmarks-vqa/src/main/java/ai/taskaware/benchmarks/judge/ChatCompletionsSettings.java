package ai.taskaware.benchmarks.judge;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where and how {@link ChatCompletionsJudge} asks an OpenAI-compatible chat-completions endpoint.
 *
 * @param baseUrl the API base, e.g. {@code https://api.openai.com/v1}; requests go to {@code
 *     baseUrl + "/chat/completions"}
 * @param model the model to ask instead of the one the official script names, or empty to send the
 *     script's model (e.g. {@code gpt-4-0314}) unchanged
 * @param apiKeyVariable the name of the environment variable holding the API key (sent as {@code
 *     Authorization: Bearer …}, never logged nor written to the cache), or empty to send no key
 *     (local servers)
 * @param cacheDirectory where every request and its response are kept; a request already there is
 *     answered from disk without contacting the server
 * @param maxAttempts attempts per request, at least 1; HTTP 429, 5xx and I/O failures are retried
 * @param initialBackoff the wait before the first retry; it doubles on each further retry (a larger
 *     {@code Retry-After} from the server wins), capped at {@code maxBackoff}
 * @param maxBackoff the longest wait between two attempts
 * @param requestTimeout how long one HTTP exchange may take
 */
public record ChatCompletionsSettings(
    URI baseUrl,
    Optional<String> model,
    Optional<String> apiKeyVariable,
    Path cacheDirectory,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration requestTimeout) {

  /** The environment variable naming the API base ({@link #fromEnvironment}). */
  public static final String BASE_URL_VARIABLE = "OPENAI_BASE_URL";

  /** The environment variable holding the API key ({@link #fromEnvironment}). */
  public static final String API_KEY_VARIABLE = "OPENAI_API_KEY";

  /**
   * The environment variable naming a model to ask instead of the script's ({@link
   * #fromEnvironment}).
   */
  public static final String MODEL_VARIABLE = "OPENAI_JUDGE_MODEL";

  /** OpenAI's own API base, used when {@link #BASE_URL_VARIABLE} is unset. */
  public static final URI OPENAI_BASE_URL = URI.create("https://api.openai.com/v1");

  public ChatCompletionsSettings {
    if (baseUrl == null || baseUrl.getScheme() == null || baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "judge base URL must be absolute (e.g. https://api.openai.com/v1), got " + baseUrl);
    }
    if (cacheDirectory == null) {
      throw new IllegalArgumentException("judge cache directory must be given");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "judge maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (initialBackoff == null || initialBackoff.isNegative()) {
      throw new IllegalArgumentException("judge initialBackoff must be >= 0");
    }
    if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("judge maxBackoff must be >= initialBackoff");
    }
    if (requestTimeout == null || requestTimeout.isZero() || requestTimeout.isNegative()) {
      throw new IllegalArgumentException("judge requestTimeout must be positive");
    }
    model = model == null ? Optional.empty() : model.filter(m -> !m.isBlank());
    apiKeyVariable =
        apiKeyVariable == null ? Optional.empty() : apiKeyVariable.filter(v -> !v.isBlank());
  }

  /**
   * Defaults for a server at {@code baseUrl}: the script's model, no key, 6 attempts, backoff 1 s
   * doubling up to 60 s, 120 s per request.
   */
  public static ChatCompletionsSettings of(URI baseUrl, Path cacheDirectory) {
    return new ChatCompletionsSettings(
        baseUrl,
        Optional.empty(),
        Optional.empty(),
        cacheDirectory,
        6,
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        Duration.ofSeconds(120));
  }

  /**
   * Settings from the environment, as OpenAI's own clients read it: {@value #BASE_URL_VARIABLE}
   * (default {@link #OPENAI_BASE_URL}), the key in {@value #API_KEY_VARIABLE} (optional when a base
   * URL is given: local servers need none) and an optional model override in {@value
   * #MODEL_VARIABLE}; the other settings as {@link #of}.
   *
   * @param environment the variables, e.g. {@code System::getenv}
   * @return empty when neither the base URL nor the key is set (no judge configured)
   * @throws JudgeException naming the variable when the base URL is not an http(s) URL
   */
  public static Optional<ChatCompletionsSettings> fromEnvironment(
      Function<String, String> environment, Path cacheDirectory) {
    String base = blankToNull(environment.apply(BASE_URL_VARIABLE));
    String key = blankToNull(environment.apply(API_KEY_VARIABLE));
    if (base == null && key == null) {
      return Optional.empty();
    }
    URI uri = OPENAI_BASE_URL;
    if (base != null) {
      try {
        uri = new URI(base.strip());
      } catch (java.net.URISyntaxException e) {
        throw new JudgeException(BASE_URL_VARIABLE + "=" + base + " is not a URL", e);
      }
      if (uri.getHost() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new JudgeException(
            BASE_URL_VARIABLE
                + "="
                + base
                + ": expected an http(s) URL such as "
                + OPENAI_BASE_URL);
      }
    }
    ChatCompletionsSettings settings =
        of(uri, cacheDirectory).withModel(blankToNull(environment.apply(MODEL_VARIABLE)));
    return Optional.of(key == null ? settings : settings.withApiKeyVariable(API_KEY_VARIABLE));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** These settings asking {@code model} instead of the script's model. */
  public ChatCompletionsSettings withModel(String model) {
    return new ChatCompletionsSettings(
        baseUrl,
        Optional.ofNullable(model),
        apiKeyVariable,
        cacheDirectory,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        requestTimeout);
  }

  /** These settings reading the API key from the environment variable {@code name}. */
  public ChatCompletionsSettings withApiKeyVariable(String name) {
    return new ChatCompletionsSettings(
        baseUrl,
        model,
        Optional.ofNullable(name),
        cacheDirectory,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        requestTimeout);
  }

  /** These settings with {@code maxAttempts} attempts and the given backoff bounds. */
  public ChatCompletionsSettings withRetries(
      int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    return new ChatCompletionsSettings(
        baseUrl,
        model,
        apiKeyVariable,
        cacheDirectory,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        requestTimeout);
  }

  /**
   * The chat-completions endpoint: {@code baseUrl} (without trailing slashes) + {@code
   * /chat/completions}.
   */
  public URI endpoint() {
    String base = baseUrl.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + "/chat/completions");
  }
}
