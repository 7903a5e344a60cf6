package ai.taskaware.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.taskaware.core.provenance.ResultFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskaware score blink | llava-bench | mmvp} on real-format files. */
class ScoreCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void blinkReproducesThePublishedLlava15With7bValTotal() throws IOException {
    Path out = dir.resolve("S.json");
    CliRun run =
        CliRun.of(
            "score",
            "blink",
            "--answers",
            CliRun.resource("blink-published/val_answers.json").toString(),
            "--predictions",
            CliRun.resource("blink-published/llava_v1.5_7b.json").toString(),
            "--out",
            out.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode results = ResultFile.readResults(out);
    assertThat(results.size()).isEqualTo(15);
    assertThat(results.fieldNames().next()).isEqualTo("Total");
    // the authors' README leaderboard: LLaVA-1.5-7B, Val, 37.1 (one decimal)
    double total = results.get("Total").asDouble();
    assertThat(BigDecimal.valueOf(total).setScale(1, RoundingMode.HALF_UP))
        .isEqualByComparingTo("37.1");
    assertThat(total).isCloseTo(37.127446, within(1e-6));
    assertThat(results.get("Jigsaw").asDouble()).isCloseTo(100.0 * 17 / 150, within(1e-12));
    assertThat(results.get("Spatial_Relation").asDouble())
        .isCloseTo(100.0 * 88 / 143, within(1e-12));
    assertThat(Files.readString(out)).contains("\"provenance\"", "taskaware score blink");
    assertThat(run.out()).contains("Total", "37.13");
  }

  @Test
  void blinkBadInputExitsOneNamingTheFile() throws IOException {
    Path answers = dir.resolve("answers.json");
    Files.writeString(answers, "{\"val_Art_Style_1\": \"(A)\", \"val_Colour_1\": \"(B)\"}");
    Path predictions = dir.resolve("preds.json");
    Files.writeString(predictions, "{\"val_Art_Style_1\": \"(A)\"}");

    CliRun unknownTask =
        CliRun.of(
            "score",
            "blink",
            "--answers",
            answers.toString(),
            "--predictions",
            predictions.toString(),
            "--out",
            dir.resolve("S.json").toString());
    assertThat(unknownTask.exitCode()).as(unknownTask.toString()).isEqualTo(1);
    assertThat(unknownTask.err()).contains(answers.toString(), "val_Colour_1");

    Files.writeString(predictions, "[\"(A)\"]");
    Files.writeString(answers, "{\"val_Art_Style_1\": \"(A)\"}");
    CliRun notAnObject =
        CliRun.of(
            "score",
            "blink",
            "--answers",
            answers.toString(),
            "--predictions",
            predictions.toString(),
            "--out",
            dir.resolve("S.json").toString());
    assertThat(notAnObject.exitCode()).as(notAnObject.toString()).isEqualTo(1);
    assertThat(notAnObject.err()).contains(predictions.toString());
    assertThat(dir.resolve("S.json")).doesNotExist();
  }

  @Test
  void llavaBenchSummarizesReviewsAsTheOfficialSummary() throws IOException {
    Path reviews = dir.resolve("review.jsonl");
    Files.writeString(
        reviews,
        """
        {"question_id": 0, "category": "llava_bench_conv", "tuple": [8, 6], "content": "8 6"}
        {"question_id": 1, "category": "llava_bench_detail", "tuple": [10, 7], "content": "10 7"}
        {"question_id": 2, "category": "llava_bench_conv", "tuple": [-1, -1], "content": "?"}
        """);
    Path out = dir.resolve("S.json");

    CliRun run =
        CliRun.of("score", "llava-bench", "--reviews", reviews.toString(), "--out", out.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode results = ResultFile.readResults(out);
    // conv: means (8-1)/2 = 3.5 and (6-1)/2 = 2.5 -> 71.4; all: 5.667 and 4.0 -> 70.6
    assertThat(results.at("/llava_bench_conv/relative").asDouble()).isEqualTo(71.4);
    assertThat(results.at("/llava_bench_conv/unparsed").asInt()).isEqualTo(1);
    assertThat(results.at("/llava_bench_detail/relative").asDouble()).isEqualTo(70.0);
    assertThat(results.at("/all/reference_mean").asDouble()).isEqualTo(5.667);
    assertThat(results.at("/all/model_mean").asDouble()).isEqualTo(4.0);
    assertThat(results.at("/all/relative").asDouble()).isEqualTo(70.6);
    assertThat(results.at("/all/reviews").asInt()).isEqualTo(3);

    Files.writeString(reviews, "{\"question_id\": 0, \"category\": \"llava_bench_conv\"}\n");
    CliRun bad =
        CliRun.of("score", "llava-bench", "--reviews", reviews.toString(), "--out", out.toString());
    assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(1);
    assertThat(bad.err()).contains(reviews.toString(), "tuple");
  }

  @Test
  void mmvpGradesThroughAChatCompletionsServerAndReRunsFromTheCache() throws IOException {
    Path answers = dir.resolve("answer.jsonl");
    Files.writeString(
        answers,
        """
        {"question_id": 1, "prompt": "Is the dog facing left? (a) Yes (b) No", "answer": "(a)", "response": "RIGHT (a)"}
        {"question_id": 2, "prompt": "Is the dog facing left? (a) Yes (b) No", "answer": "(b)", "response": "RIGHT (b)"}
        {"question_id": 3, "prompt": "Is the door open? (a) Yes (b) No", "answer": "(a)", "response": "RIGHT (a)"}
        {"question_id": 4, "prompt": "Is the door open? (a) Yes (b) No", "answer": "(b)", "response": "WRONG (a)"}
        """);
    List<JsonNode> seen = Collections.synchronizedList(new ArrayList<>());
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          JsonNode body;
          try (InputStream in = exchange.getRequestBody()) {
            body = JSON.readTree(in.readAllBytes());
          }
          seen.add(body);
          String user = body.at("/messages/1/content").asText();
          String verdict = user.contains("answer:RIGHT") ? "Yes" : "No";
          byte[] reply =
              ("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\""
                      + verdict
                      + "\"}}]}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, reply.length);
          try (OutputStream o = exchange.getResponseBody()) {
            o.write(reply);
          }
        });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    Path out = dir.resolve("S.json");
    String[] args = {
      "score", "mmvp", "--answers", answers.toString(), "--judge-url", url, "--out", out.toString()
    };
    CliRun first;
    try {
      first = CliRun.of(args);
    } finally {
      server.stop(0);
    }

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(seen).hasSize(4);
    assertThat(seen.get(0).get("model").asText()).isEqualTo("gpt-4-0314");
    assertThat(seen.get(0).at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(seen.get(0).get("temperature").asDouble()).isEqualTo(0.2);
    JsonNode results = ResultFile.readResults(out);
    assertThat(results.get("Accuracy").asDouble()).isEqualTo(50.0);
    assertThat(results.get("correct_pairs").asInt()).isEqualTo(1);
    assertThat(results.get("questions_graded_yes").asInt()).isEqualTo(3);
    assertThat(results.at("/grades/3/grade").asText()).isEqualTo("no");
    assertThat(dir.resolve("judge-cache")).isDirectory();

    // the server is gone: the re-run is answered from judge-cache next to --out
    CliRun again = CliRun.of(args);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(ResultFile.readResults(out)).isEqualTo(results);
    assertThat(seen).hasSize(4);
  }

  @Test
  void mmvpBadJudgeUrlOrMissingKeyVariableExitsOne() throws IOException {
    Path answers = dir.resolve("answer.jsonl");
    Files.writeString(
        answers,
        "{\"question_id\": 1, \"prompt\": \"q\", \"answer\": \"(a)\", \"response\": \"x\"}\n");
    CliRun badUrl =
        CliRun.of(
            "score",
            "mmvp",
            "--answers",
            answers.toString(),
            "--judge-url",
            "localhost:8080",
            "--out",
            dir.resolve("S.json").toString());
    assertThat(badUrl.exitCode()).as(badUrl.toString()).isEqualTo(1);
    assertThat(badUrl.err()).contains("--judge-url localhost:8080");

    String unset = "TASKAWARE_TEST_UNSET_" + System.nanoTime();
    CliRun noKey =
        CliRun.of(
            "score",
            "mmvp",
            "--answers",
            answers.toString(),
            "--judge-url",
            "http://127.0.0.1:9/v1",
            "--judge-key-env",
            unset,
            "--out",
            dir.resolve("S.json").toString());
    assertThat(noKey.exitCode()).as(noKey.toString()).isEqualTo(1);
    assertThat(noKey.err()).contains(unset);
  }
}
