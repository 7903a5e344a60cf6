package ai.taskaware.benchmarks.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ChatCompletionsJudge} against a scripted chat-completions server on 127.0.0.1. */
class ChatCompletionsJudgeTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "sk-test-0123456789";

  /** One request as the server saw it. */
  private record Seen(String method, String path, String authorization, JsonNode body) {}

  /** One scripted answer. */
  private record Reply(int status, String body) {}

  @TempDir Path dir;

  private HttpServer server;
  private final Deque<Reply> script = new ArrayDeque<>();
  private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            seen.add(
                new Seen(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    JSON.readTree(in.readAllBytes())));
          }
          Reply reply;
          synchronized (script) {
            reply = script.isEmpty() ? new Reply(500, "{\"error\":\"unscripted\"}") : script.poll();
          }
          byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(reply.status(), bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/");
  }

  private ChatCompletionsSettings settings() {
    return ChatCompletionsSettings.of(base(), dir.resolve("cache"))
        .withApiKeyVariable("JUDGE_KEY")
        .withRetries(3, Duration.ofMillis(5), Duration.ofMillis(20));
  }

  private static ChatCompletionsJudge judge(ChatCompletionsSettings settings) {
    return ChatCompletionsJudge.create(settings, Map.of("JUDGE_KEY", KEY)::get);
  }

  private static String ok(String content) {
    return "{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
        + JSON.valueToTree(content)
        + "},\"finish_reason\":\"stop\"}]}";
  }

  private void answer(int status, String body) {
    synchronized (script) {
      script.add(new Reply(status, body));
    }
  }

  private static final JudgeRequest GRADER =
      new JudgeRequest(
          "gpt-4-0314",
          "You are a careful grader.",
          "Is the answer correct? Answer yes or no.",
          0.0,
          OptionalInt.of(64));

  @Test
  void sendsTheOfficialRequestShapeWithTheKeyFromTheEnvironment() {
    answer(200, ok("Yes"));

    String reply = judge(settings()).reply(GRADER);

    assertThat(reply).isEqualTo("Yes");
    assertThat(seen).hasSize(1);
    Seen request = seen.get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v1/chat/completions");
    assertThat(request.authorization()).isEqualTo("Bearer " + KEY);
    JsonNode body = request.body();
    assertThat(body.get("model").asText()).isEqualTo("gpt-4-0314");
    assertThat(body.get("messages")).hasSize(2);
    assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(body.at("/messages/0/content").asText()).isEqualTo("You are a careful grader.");
    assertThat(body.at("/messages/1/role").asText()).isEqualTo("user");
    assertThat(body.at("/messages/1/content").asText())
        .isEqualTo("Is the answer correct? Answer yes or no.");
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.0);
    assertThat(body.get("max_tokens").asInt()).isEqualTo(64);
    // the key is in no cache file
    assertThat(cacheFiles()).hasSize(1).allSatisfy(f -> assertThat(read(f)).doesNotContain(KEY));
  }

  @Test
  void aModelOverrideReplacesTheScriptModelAndNoSystemMessageIsSentWhenEmpty() {
    answer(200, ok("(B)"));
    JudgeRequest matcher =
        new JudgeRequest("gpt-3.5-turbo", "", "Your output: ", 0.0, OptionalInt.empty());

    String reply =
        ChatCompletionsJudge.create(
                ChatCompletionsSettings.of(base(), dir.resolve("cache")).withModel("local-7b"),
                name -> null)
            .reply(matcher);

    assertThat(reply).isEqualTo("(B)");
    JsonNode body = seen.get(0).body();
    assertThat(body.get("model").asText()).isEqualTo("local-7b");
    assertThat(body.get("messages")).hasSize(1);
    assertThat(body.at("/messages/0/role").asText()).isEqualTo("user");
    assertThat(body.has("max_tokens")).isFalse();
    assertThat(seen.get(0).authorization()).isNull();
  }

  @Test
  void retriesAfter429AndA5xxThenSucceeds() {
    answer(429, "{\"error\":\"rate limited\"}");
    answer(503, "{\"error\":\"overloaded\"}");
    answer(200, ok("No"));

    assertThat(judge(settings()).reply(GRADER)).isEqualTo("No");
    assertThat(seen).hasSize(3);
    assertThat(seen).extracting(Seen::body).containsOnly(seen.get(0).body());
  }

  @Test
  void aRepeatedRequestIsAnsweredFromTheCacheWithoutContactingTheServer() {
    answer(200, ok("Yes"));
    judge(settings()).reply(GRADER);
    server.stop(0); // a re-run must not need the server at all

    // a new judge over the same cache folder: the re-run of an evaluation
    assertThat(judge(settings()).reply(GRADER)).isEqualTo("Yes");
    assertThat(seen).hasSize(1);
    // a different request is not a cache hit
    JudgeRequest other =
        new JudgeRequest("gpt-4-0314", "", "Something else", 0.0, OptionalInt.empty());
    assertThatThrownBy(() -> judge(settings()).reply(other))
        .isInstanceOf(JudgeException.class)
        .hasMessageContaining("after 3 attempts");
  }

  @Test
  void aNonRetryableStatusFailsAtOnceNamingUrlAndStatus() {
    answer(400, "{\"error\":{\"message\":\"max_tokens is too large\"}}");

    assertThatThrownBy(() -> judge(settings()).reply(GRADER))
        .isInstanceOf(JudgeException.class)
        .hasMessageContaining(base() + "chat/completions")
        .hasMessageContaining("HTTP 400")
        .hasMessageContaining("max_tokens is too large")
        .hasMessageNotContaining(KEY);
    assertThat(seen).hasSize(1);
    assertThat(cacheFiles()).isEmpty();
  }

  @Test
  void persistentServerErrorsStopAfterMaxAttempts() {
    for (int i = 0; i < 3; i++) {
      answer(500, "{\"error\":\"boom\"}");
    }

    assertThatThrownBy(() -> judge(settings()).reply(GRADER))
        .isInstanceOf(JudgeException.class)
        .hasMessageContaining("failed after 3 attempts")
        .hasMessageContaining("HTTP 500");
    assertThat(seen).hasSize(3);
  }

  @Test
  void aReplyWithoutContentAndAMissingKeyVariableAreTypedErrors() {
    answer(200, "{\"choices\":[]}");
    assertThatThrownBy(() -> judge(settings()).reply(GRADER))
        .isInstanceOf(JudgeException.class)
        .hasMessageContaining("choices[0].message.content");

    assertThatThrownBy(() -> ChatCompletionsJudge.create(settings(), name -> null))
        .isInstanceOf(JudgeException.class)
        .hasMessageContaining("JUDGE_KEY");
  }

  private List<Path> cacheFiles() {
    try (var files = Files.list(dir.resolve("cache"))) {
      return files.filter(f -> f.toString().endsWith(".json")).toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
