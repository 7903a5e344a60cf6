package ai.taskaware.benchmarks.judge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChatJudge} that asks an OpenAI-compatible {@code POST /chat/completions} endpoint, as
 * the official scripts' {@code openai.ChatCompletion.create} calls do, and keeps every exchange on
 * disk.
 *
 * <p>The request body is {@code {"model", "messages": [{"role": "system"}?, {"role": "user"}],
 * "temperature", "max_tokens"?}} (the system message only when the script sends one). Its cache key
 * is the SHA-256 of the canonical JSON {@code {"endpoint": URL, "request": body}} (fixed field
 * order, no whitespace), so a re-run with the same requests costs nothing and never contacts the
 * server. HTTP 429, 5xx and I/O failures are retried with exponential backoff up to {@link
 * ChatCompletionsSettings#maxAttempts()}; any other status fails at once. The API key is read from
 * the environment once, sent only in the {@code Authorization} header, and appears in no message,
 * log line or cache file.
 */
public final class ChatCompletionsJudge implements ChatJudge {

  private static final Logger LOG = LoggerFactory.getLogger(ChatCompletionsJudge.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BODY_EXCERPT = 300;

  private final ChatCompletionsSettings settings;
  private final URI endpoint;
  private final Optional<String> apiKey;
  private final HttpClient client;

  private ChatCompletionsJudge(
      ChatCompletionsSettings settings, Function<String, String> environment) {
    this.settings = settings;
    this.endpoint = settings.endpoint();
    this.apiKey =
        settings
            .apiKeyVariable()
            .map(
                name -> {
                  String value = environment.apply(name);
                  if (value == null || value.isBlank()) {
                    throw new JudgeException(
                        "judge API key: environment variable " + name + " is not set or empty");
                  }
                  return value.strip();
                });
    try {
      Files.createDirectories(settings.cacheDirectory());
    } catch (IOException e) {
      throw new JudgeException(
          "judge cache directory " + settings.cacheDirectory() + " cannot be created", e);
    }
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(settings.requestTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /**
   * A judge for {@code settings}, reading the API key (if one is named) from the process
   * environment.
   *
   * @throws JudgeException if the named key variable is unset or the cache folder cannot be made
   */
  public static ChatCompletionsJudge create(ChatCompletionsSettings settings) {
    return new ChatCompletionsJudge(settings, System::getenv);
  }

  /** As {@link #create} with {@code environment} standing in for {@link System#getenv(String)}. */
  static ChatCompletionsJudge create(
      ChatCompletionsSettings settings, Function<String, String> environment) {
    return new ChatCompletionsJudge(settings, environment);
  }

  /**
   * The assistant message's content for {@code request}, from the cache when this exact request was
   * answered before, else from the server (then cached).
   *
   * @throws JudgeException naming the URL (and HTTP status) when no reply could be obtained
   */
  @Override
  public String reply(JudgeRequest request) {
    ObjectNode body = body(request);
    String canonical = canonical(body);
    Path cached = settings.cacheDirectory().resolve(sha256(canonical) + ".json");
    boolean hit = Files.isRegularFile(cached);
    JsonNode response = hit ? readCached(cached) : fetch(body, cached);
    return content(response, hit ? cached.toString() : endpoint.toString());
  }

  private ObjectNode body(JudgeRequest request) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", settings.model().orElse(request.model()));
    ArrayNode messages = body.putArray("messages");
    if (!request.systemMessage().isEmpty()) {
      messages.addObject().put("role", "system").put("content", request.systemMessage());
    }
    messages.addObject().put("role", "user").put("content", request.userMessage());
    body.put("temperature", request.temperature());
    request.maxTokens().ifPresent(n -> body.put("max_tokens", n));
    return body;
  }

  private String canonical(ObjectNode body) {
    ObjectNode key = JSON.createObjectNode();
    key.put("endpoint", endpoint.toString());
    key.set("request", body);
    return write(key);
  }

  private JsonNode fetch(ObjectNode body, Path cacheFile) {
    String json = write(body);
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(endpoint)
            .timeout(settings.requestTimeout())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    apiKey.ifPresent(key -> builder.header("Authorization", "Bearer " + key));
    HttpRequest httpRequest = builder.build();
    String lastFailure = "";
    Duration retryAfter = Duration.ZERO;
    for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
      if (attempt > 1) {
        sleep(backoff(attempt - 1, retryAfter));
      }
      retryAfter = Duration.ZERO;
      HttpResponse<String> response;
      try {
        response = client.send(httpRequest, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
        LOG.warn("judge {} attempt {} failed: {}", endpoint, attempt, lastFailure);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JudgeException("judge request to " + endpoint + " was interrupted", e);
      }
      int status = response.statusCode();
      if (status == 200) {
        JsonNode parsed = parse(response.body());
        store(cacheFile, body, parsed);
        return parsed;
      }
      lastFailure = "HTTP " + status + ": " + excerpt(response.body());
      if (status != 429 && status < 500) {
        throw new JudgeException("judge request to " + endpoint + " failed with " + lastFailure);
      }
      retryAfter = retryAfter(response);
      LOG.warn("judge {} attempt {} got HTTP {}", endpoint, attempt, status);
    }
    throw new JudgeException(
        "judge request to "
            + endpoint
            + " failed after "
            + settings.maxAttempts()
            + " attempts; last: "
            + lastFailure);
  }

  /** initialBackoff × 2^(retry−1), at least the server's Retry-After, at most maxBackoff. */
  private Duration backoff(int retry, Duration retryAfter) {
    Duration wait = settings.initialBackoff();
    for (int i = 1; i < retry && wait.compareTo(settings.maxBackoff()) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    if (retryAfter.compareTo(wait) > 0) {
      wait = retryAfter;
    }
    return wait.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wait;
  }

  private static Duration retryAfter(HttpResponse<String> response) {
    Optional<String> header = response.headers().firstValue("Retry-After");
    if (header.isEmpty()) {
      return Duration.ZERO;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(header.get().strip())));
    } catch (NumberFormatException e) {
      return Duration.ZERO; // an HTTP date: fall back to our own backoff
    }
  }

  private void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JudgeException("judge request to " + endpoint + " was interrupted", e);
    }
  }

  private JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new JudgeException(
          "judge response from " + endpoint + " is not JSON: " + excerpt(text), e);
    }
  }

  private void store(Path cacheFile, ObjectNode body, JsonNode response) {
    ObjectNode entry = JSON.createObjectNode();
    entry.put("endpoint", endpoint.toString());
    entry.set("request", body);
    entry.set("response", response);
    try {
      Path temp = Files.createTempFile(cacheFile.getParent(), ".judge-", ".tmp");
      Files.writeString(temp, write(entry), StandardCharsets.UTF_8);
      try {
        Files.move(
            temp, cacheFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, cacheFile, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new JudgeException("judge cache file " + cacheFile + " cannot be written", e);
    }
  }

  private static JsonNode readCached(Path file) {
    try {
      JsonNode entry = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
      JsonNode response = entry == null ? null : entry.get("response");
      if (response == null || !response.isObject()) {
        throw new JudgeException(
            "judge cache file " + file + " has no \"response\" object; delete it to re-ask");
      }
      return response;
    } catch (IOException e) {
      throw new JudgeException(
          "judge cache file " + file + " cannot be read as JSON; delete it to re-ask", e);
    }
  }

  private static String content(JsonNode response, String source) {
    JsonNode content = response.path("choices").path(0).path("message").path("content");
    if (!content.isTextual()) {
      throw new JudgeException(
          "judge response from "
              + source
              + " has no string choices[0].message.content: "
              + excerpt(response.toString()));
    }
    return content.asText();
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  private static String excerpt(String text) {
    String flat = text == null ? "" : text.replaceAll("\\s+", " ").strip();
    return flat.length() <= BODY_EXCERPT ? flat : flat.substring(0, BODY_EXCERPT) + "…";
  }
}
