package ai.taskaware.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.benchmarks.blink.BlinkRecord;
import ai.taskaware.benchmarks.blink.BlinkScorer;
import ai.taskaware.benchmarks.coco.CocoCaptionRecord;
import ai.taskaware.benchmarks.gqa.GqaDataset;
import ai.taskaware.benchmarks.gqa.GqaQuestion;
import ai.taskaware.benchmarks.gqa.GqaRecord;
import ai.taskaware.benchmarks.gqa.GqaScorer;
import ai.taskaware.benchmarks.gqa.GqaScores;
import ai.taskaware.benchmarks.judge.JudgedAnswer;
import ai.taskaware.benchmarks.judge.OptionMatchJudge;
import ai.taskaware.benchmarks.judge.Verdict;
import ai.taskaware.benchmarks.mmvp.MmvpQuestion;
import ai.taskaware.benchmarks.mmvp.MmvpRecord;
import ai.taskaware.benchmarks.mmvp.MmvpScorer;
import ai.taskaware.benchmarks.mmvp.MmvpScores;
import ai.taskaware.benchmarks.mmvpvlm.MmvpVlmRecord;
import ai.taskaware.benchmarks.mmvpvlm.MmvpVlmScorer;
import ai.taskaware.benchmarks.mmvpvlm.MmvpVlmScores;
import ai.taskaware.benchmarks.naturalbench.NaturalBenchRecord;
import ai.taskaware.benchmarks.naturalbench.NaturalBenchScorer;
import ai.taskaware.core.checkpoint.SafetensorsWriter;
import ai.taskaware.core.model.ProgressListener;
import ai.taskaware.core.provenance.ResultFile;
import ai.taskaware.diffusion.DiffusionVisualEncoder;
import ai.taskaware.diffusion.ExtractorOptions;
import ai.taskaware.diffusion.FeatureRequest;
import ai.taskaware.examples.demo.DemoPack;
import ai.taskaware.examples.demo.SyntheticBenchmark;
import ai.taskaware.metrics.caption.CaptionScorer;
import ai.taskaware.metrics.caption.CaptionScores;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code taskaware eval} end to end on generated checkpoints (the demo's tiny CLIP and Stable
 * Diffusion, a 2-layer LLaMA, a random mlp2x_gelu projector) and benchmark folders in the published
 * formats: reports equal the official scorers recomputed from the item log, a resumed run equals an
 * uninterrupted one, and bad options are typed errors.
 */
class EvalCommandTest {

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The tiny CLIP's width, and the LLaMA's. */
  private static final int WIDTH = 32;

  @TempDir static Path dir;
  static DemoPack pack;
  static Path llm;
  static Path projector;
  static Path gqa;
  static Path cache;
  static Path synthetic;

  @BeforeAll
  static void checkpointsAndData() throws IOException {
    pack = DemoPack.ensure(dir.resolve("pack"), ProgressListener.NONE);
    llm = TinyChatModel.write(dir.resolve("llm"), 11);
    projector = writeProjector(dir.resolve("mm_projector.safetensors"), WIDTH, 5);
    gqa = gqaFolder(dir.resolve("gqa"));
    cache = dir.resolve("onnx-cache");
    synthetic = dir.resolve("synthetic");
    SyntheticBenchmark.write(synthetic, 7, ProgressListener.NONE);
  }

  /** LLaVA-1.5's layout: model.mm_projector.{0,2}.{weight,bias}, weights [out, in]. */
  static Path writeProjector(Path file, int in, long seed) {
    Random r = new Random(seed);
    SafetensorsWriter w = new SafetensorsWriter();
    w.add("model.mm_projector.0.weight", random(r, WIDTH, in, 0.3));
    w.add("model.mm_projector.0.bias", random(r, 1, WIDTH, 0.1).reshape(WIDTH));
    w.add("model.mm_projector.2.weight", random(r, WIDTH, WIDTH, 0.3));
    w.add("model.mm_projector.2.bias", random(r, 1, WIDTH, 0.1).reshape(WIDTH));
    w.write(file);
    return file;
  }

  private static INDArray random(Random r, int rows, int cols, double std) {
    float[] v = new float[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (std * r.nextGaussian());
    }
    return Nd4j.createFromArray(v).reshape(rows, cols).castTo(DataType.FLOAT);
  }

  /** The GQA fixture (4 balanced questions, 2 images) with noise images. */
  static Path gqaFolder(Path root) throws IOException {
    Files.createDirectories(root.resolve("images"));
    Files.copy(
        CliRun.resource("eval/gqa/testdev_balanced_questions.json"),
        root.resolve(GqaDataset.QUESTIONS));
    noiseImage(root.resolve("images/n288870.jpg"), 1);
    noiseImage(root.resolve("images/n161313.jpg"), 2);
    return root;
  }

  static void noiseImage(Path file, long seed) throws IOException {
    Random r = new Random(seed);
    BufferedImage image = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 40; y++) {
      for (int x = 0; x < 48; x++) {
        image.setRGB(x, y, r.nextInt(1 << 24));
      }
    }
    ImageIO.write(image, "jpg", file.toFile());
  }

  private static CliRun gqaEval(Path data, Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "eval",
                "gqa",
                "--data",
                data.toString(),
                "--llm",
                llm.toString(),
                "--vision",
                "clip=" + pack.clip(),
                "--projector",
                projector.toString(),
                "--max-new-tokens",
                "3",
                "--onnx-cache",
                cache.toString(),
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static <R> List<R> log(Path out, Class<R> type) throws IOException {
    List<R> records = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("predictions.jsonl"))) {
      records.add(JSON.readValue(line, type));
    }
    return records;
  }

  /** The report's results without the run-specific provenance. */
  private static JsonNode results(Path file) {
    return ResultFile.readResults(file);
  }

  @Test
  void gqaResumedAfterALimitedRunEqualsAnUninterruptedOneAndMatchesTheOfficialScorer()
      throws IOException {
    Path whole = dir.resolve("gqa-whole");
    CliRun uninterrupted = gqaEval(gqa, whole);
    assertThat(uninterrupted.exitCode()).as(uninterrupted.toString()).isZero();

    Path resumed = dir.resolve("gqa-resumed");
    CliRun first = gqaEval(gqa, resumed, "--limit", "2");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(Files.readAllLines(resumed.resolve("predictions.jsonl"))).hasSize(2);
    assertThat(results(resumed.resolve("summary.json")).get("questions").asInt()).isEqualTo(2);
    CliRun second = gqaEval(gqa, resumed);
    assertThat(second.exitCode()).as(second.toString()).isZero();

    assertThat(Files.readAllLines(resumed.resolve("predictions.jsonl")))
        .isEqualTo(Files.readAllLines(whole.resolve("predictions.jsonl")));
    assertThat(results(resumed.resolve("summary.json")))
        .isEqualTo(results(whole.resolve("summary.json")));
    assertThat(results(resumed.resolve("report.json")))
        .isEqualTo(results(whole.resolve("report.json")));
    assertThat(Files.readString(resumed.resolve("report.md")))
        .isEqualTo(Files.readString(whole.resolve("report.md")));
    assertThat(second.out()).contains("GQA testdev-balanced");

    // the official scorer on the log's raw answers gives the summary
    List<GqaRecord> records = log(whole, GqaRecord.class);
    assertThat(records).hasSize(4);
    Map<String, String> predictions = new LinkedHashMap<>();
    records.forEach(r -> predictions.put(r.questionId(), GqaScorer.normalize(r.text())));
    List<GqaQuestion> questions = GqaDataset.load(gqa, false);
    GqaScores official = GqaScorer.score(questions, predictions, whole.resolve("x"));
    JsonNode summary = results(whole.resolve("summary.json"));
    assertThat(summary.get("accuracy").asDouble()).isEqualTo(official.accuracy());
    assertThat(summary.get("questions").asInt()).isEqualTo(4);
    assertThat(ResultFile.readProvenance(whole.resolve("report.json")).checkpoints())
        .containsKeys("llm", "clip_vision", "projector");

    // gold answers set to what the model said for two questions: exactly those two count
    Path rigged = dir.resolve("gqa-rigged");
    Files.createDirectories(rigged);
    Files.copy(gqa.resolve("images"), rigged.resolve("images"));
    for (String image : List.of("n288870.jpg", "n161313.jpg")) {
      Files.copy(gqa.resolve("images").resolve(image), rigged.resolve("images").resolve(image));
    }
    ObjectNode file = (ObjectNode) JSON.readTree(gqa.resolve(GqaDataset.QUESTIONS).toFile());
    List<String> matched = new ArrayList<>();
    for (GqaRecord r : records) {
      String answer =
          r.prediction().isEmpty() || matched.size() == 2 ? "no-such-answer" : r.prediction();
      if (!answer.equals("no-such-answer")) {
        matched.add(r.questionId());
      }
      ((ObjectNode) file.get(r.questionId())).put("answer", answer);
    }
    assertThat(matched).as("non-empty answers of the tiny model").hasSize(2);
    Files.writeString(
        rigged.resolve(GqaDataset.QUESTIONS), file.toString(), StandardCharsets.UTF_8);
    Path riggedOut = dir.resolve("gqa-rigged-out");
    CliRun run = gqaEval(rigged, riggedOut);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(results(riggedOut.resolve("summary.json")).get("accuracy").asDouble())
        .isEqualTo(0.5);
    assertThat(log(riggedOut, GqaRecord.class))
        .filteredOn(GqaRecord::correct)
        .extracting(GqaRecord::questionId)
        .containsExactlyElementsOf(matched);
  }

  @Test
  void mmvpWithTheStableDiffusionEncoderAndOptionJudgeMatchesThePairRuleOnTheLog()
      throws IOException {
    String tap = "U-L1-R1-B0-Cross-Q";
    int width;
    try (DiffusionVisualEncoder encoder =
        DiffusionVisualEncoder.open(
            pack.stableDiffusion(),
            ExtractorOptions.defaults(),
            FeatureRequest.of(tap).withTokenGrid(4))) {
      assertThat(encoder.tokenCount()).isEqualTo(16);
      width = encoder.featureSize();
    }
    Path sdProjector = writeProjector(dir.resolve("sd-projector.safetensors"), width, 9);
    Path data = dir.resolve("mmvp");
    Files.createDirectories(data.resolve("MMVP Images"));
    Files.copy(CliRun.resource("eval/mmvp/Questions.csv"), data.resolve("Questions.csv"));
    for (int i = 1; i <= 4; i++) {
      noiseImage(data.resolve("MMVP Images/" + i + ".jpg"), 10 + i);
    }
    Path out = dir.resolve("mmvp-sd");
    CliRun run =
        CliRun.of(
            "eval",
            "mmvp",
            "--data",
            data.toString(),
            "--llm",
            llm.toString(),
            "--vision",
            "sd=" + pack.stableDiffusion(),
            "--tap",
            tap,
            "--timestep",
            "10,50",
            "--guidance",
            "4",
            "--token-grid",
            "4",
            "--projector",
            sdProjector + ":model.mm_projector",
            "--judge",
            "option",
            "--max-new-tokens",
            "4",
            "--onnx-cache",
            cache.toString(),
            "--out",
            out.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<MmvpRecord> logged = log(out, MmvpRecord.class);
    assertThat(logged).hasSize(4);
    List<MmvpRecord> rejudged = new ArrayList<>();
    for (MmvpRecord r : logged) {
      Verdict v =
          new OptionMatchJudge()
              .judge(
                  new JudgedAnswer(
                      r.prompt(), MmvpQuestion.optionTexts(r.prompt()), r.answer(), r.response()));
      rejudged.add(
          new MmvpRecord(
              r.questionId(), r.prompt(), r.answer(), r.response(), v.reply(), v.grade()));
    }
    assertThat(rejudged).isEqualTo(logged);
    MmvpScores official = MmvpScorer.score(rejudged);
    JsonNode summary = results(out.resolve("summary.json"));
    assertThat(summary.get("accuracy").asDouble()).isEqualTo(official.accuracy());
    assertThat(summary.get("pairs").asInt()).isEqualTo(2);
    var provenance = ResultFile.readProvenance(out.resolve("report.json"));
    assertThat(provenance.checkpoints()).containsKeys("llm", "stable_diffusion_unet", "projector");
    assertThat(provenance.options())
        .containsEntry("judge", "option")
        .containsEntry("tap", tap)
        .containsEntry("guidance", "4.0");
  }

  @Test
  void llavaBenchAsksTheOpenAiCompatibleReviewerOnceAndScoresItsReplies() throws IOException {
    Path data = Files.createDirectories(dir.resolve("llava-bench-data"));
    for (String f : List.of("questions.jsonl", "context.jsonl", "answers_gpt4.jsonl")) {
      Files.copy(CliRun.resource("eval/llavabench/" + f), data.resolve(f));
    }
    Files.createDirectories(data.resolve("images"));
    noiseImage(data.resolve("images/001.jpg"), 21);
    noiseImage(data.resolve("images/002.jpg"), 22);
    List<JsonNode> requests = java.util.Collections.synchronizedList(new ArrayList<>());
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (var in = exchange.getRequestBody()) {
            requests.add(JSON.readTree(in.readAllBytes()));
          }
          byte[] body =
              "{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"8 7\\nBoth help.\"}}]}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (var o = exchange.getResponseBody()) {
            o.write(body);
          }
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
      Path out = dir.resolve("llava-bench");
      String[] args = {
        "eval",
        "llava-bench",
        "--data",
        data.toString(),
        "--llm",
        llm.toString(),
        "--vision",
        "clip=" + pack.clip(),
        "--projector",
        projector.toString(),
        "--max-new-tokens",
        "3",
        "--judge-url",
        url,
        "--onnx-cache",
        cache.toString(),
        "--out",
        out.toString()
      };
      CliRun run = CliRun.of(args);
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(requests).hasSize(4);
      List<String> answers = new ArrayList<>();
      for (String line : Files.readAllLines(out.resolve("predictions.jsonl"))) {
        answers.add(JSON.readTree(line).get("answer").asText());
      }
      for (JsonNode request : requests) {
        assertThat(request.get("model").asText()).isEqualTo("gpt-4-0314");
        String user = request.get("messages").get(1).get("content").asText();
        assertThat(answers)
            .anySatisfy(a -> assertThat(user).contains("[Assistant 2]\n" + a + "\n\n[End of"));
      }
      // every review "8 7": GPT-4's answers score 8, the model's 7, relative 87.5 everywhere
      JsonNode categories = results(out.resolve("summary.json")).get("categories");
      for (String category : List.of("all", "llava_bench_conv", "llava_bench_detail")) {
        assertThat(categories.get(category).get("relative").asDouble())
            .as(category)
            .isEqualTo(87.5);
      }
      assertThat(ResultFile.readProvenance(out.resolve("report.json")).options())
          .containsEntry("judge", "openai")
          .containsEntry("judge_endpoint", url + "/chat/completions");

      // a fresh run asks the cache, not the server
      CliRun again =
          CliRun.of(
              java.util.stream.Stream.concat(
                      java.util.Arrays.stream(args), java.util.stream.Stream.of("--fresh"))
                  .toArray(String[]::new));
      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(requests).hasSize(4);
      assertThat(results(out.resolve("summary.json")).get("categories")).isEqualTo(categories);
    } finally {
      server.stop(0);
    }
  }

  private static CliRun vqaEval(String benchmark, Path data, Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "eval",
                benchmark,
                "--data",
                data.toString(),
                "--llm",
                llm.toString(),
                "--vision",
                "clip=" + pack.clip(),
                "--projector",
                projector.toString(),
                "--max-new-tokens",
                "3",
                "--onnx-cache",
                cache.toString(),
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void naturalBenchBlinkAndCocoRunThroughTheirOfficialScorers() throws IOException {
    Path nbOut = dir.resolve("naturalbench");
    CliRun nb = vqaEval("naturalbench", synthetic.resolve("naturalbench"), nbOut, "--limit", "2");
    assertThat(nb.exitCode()).as(nb.toString()).isZero();
    List<NaturalBenchRecord> nbLog = log(nbOut, NaturalBenchRecord.class);
    assertThat(nbLog).hasSize(2).allSatisfy(r -> assertThat(r.outputs()).hasSize(4));
    JsonNode nbScores = JSON.valueToTree(NaturalBenchScorer.score(nbLog));
    assertThat(nbScores).isEqualTo(results(nbOut.resolve("summary.json")));

    Path blink = Files.createDirectories(dir.resolve("blink/Counting/images"));
    Files.copy(
        CliRun.resource("eval/blink/Counting/val.jsonl"),
        blink.resolve("../val.jsonl").normalize());
    noiseImage(blink.resolve("val_Counting_1_1.jpg"), 31);
    noiseImage(blink.resolve("val_Counting_2_1.jpg"), 32);
    Path blinkOut = dir.resolve("blink-out");
    CliRun b = vqaEval("blink", dir.resolve("blink"), blinkOut, "--judge", "option");
    assertThat(b.exitCode()).as(b.toString()).isZero();
    List<BlinkRecord> blinkLog = log(blinkOut, BlinkRecord.class);
    assertThat(blinkLog).hasSize(2);
    JsonNode blinkScores =
        JSON.valueToTree(
            BlinkScorer.scoreRecords(blinkLog, blinkOut.resolve("predictions.jsonl"), "val"));
    assertThat(blinkScores).isEqualTo(results(blinkOut.resolve("summary.json")));
    assertThat(ResultFile.readProvenance(blinkOut.resolve("summary.json")).options())
        .containsEntry("matcher", "none");

    Path coco = Files.createDirectories(dir.resolve("coco/val2014"));
    Files.writeString(
        coco.resolve("../captions_val2014.json").normalize(),
        """
        {"images": [{"id": 11, "file_name": "val2014/a.jpg"}, {"id": 12, "file_name": "val2014/b.jpg"}],
         "annotations": [{"image_id": 11, "id": 1, "caption": "a cat on a sofa"},
                         {"image_id": 12, "id": 2, "caption": "a dog on the beach"}]}
        """);
    noiseImage(coco.resolve("a.jpg"), 41);
    noiseImage(coco.resolve("b.jpg"), 42);
    Path cocoOut = dir.resolve("coco-out");
    CliRun c = vqaEval("coco", dir.resolve("coco"), cocoOut);
    assertThat(c.exitCode()).as(c.toString()).isZero();
    Map<String, String> captions = new LinkedHashMap<>();
    for (CocoCaptionRecord r : log(cocoOut, CocoCaptionRecord.class)) {
      captions.put(r.imageId(), r.caption());
    }
    assertThat(captions).containsOnlyKeys("11", "12");
    CaptionScores official =
        new CaptionScorer()
            .score(
                Map.of("11", List.of("a cat on a sofa"), "12", List.of("a dog on the beach")),
                captions);
    JsonNode overall = results(cocoOut.resolve("summary.json")).get("overall");
    assertThat(overall.get("CIDEr").asDouble()).isEqualTo(official.overall().get("CIDEr"));
    assertThat(overall.get("Bleu_1").asDouble()).isEqualTo(official.overall().get("Bleu_1"));
    assertThat(ResultFile.readProvenance(cocoOut.resolve("summary.json")).options())
        .containsEntry("caption_prompt", "Provide a one-sentence caption for the provided image.");
  }

  @Test
  void cocoPromptLeakageConditionsTheSdEncoderOnAnotherImagesCaption() throws IOException {
    String tap = "U-L1-R1-B0-Cross-Q";
    int width;
    try (DiffusionVisualEncoder encoder =
        DiffusionVisualEncoder.open(
            pack.stableDiffusion(),
            ExtractorOptions.defaults(),
            FeatureRequest.of(tap).withTokenGrid(2))) {
      width = encoder.featureSize();
    }
    Path sdProjector = writeProjector(dir.resolve("leak-projector.safetensors"), width, 13);
    Path coco = Files.createDirectories(dir.resolve("leak/val2014"));
    Files.writeString(
        coco.resolve("../captions_val2014.json").normalize(),
        """
        {"images": [{"id": 1, "file_name": "val2014/a.jpg"}, {"id": 2, "file_name": "val2014/b.jpg"},
                    {"id": 3, "file_name": "val2014/c.jpg"}],
         "annotations": [{"image_id": 1, "id": 1, "caption": "a cat on a sofa"},
                         {"image_id": 2, "id": 2, "caption": "a dog on the beach"},
                         {"image_id": 3, "id": 3, "caption": "two red buses"}]}
        """);
    for (int i = 0; i < 3; i++) {
      noiseImage(coco.resolve((char) ('a' + i) + ".jpg"), 50 + i);
    }
    Map<String, String> firstCaption =
        Map.of("1", "a cat on a sofa", "2", "a dog on the beach", "3", "two red buses");
    Path out = dir.resolve("leak-out");
    List<String> args =
        new ArrayList<>(
            List.of(
                "eval",
                "coco",
                "--data",
                dir.resolve("leak").toString(),
                "--llm",
                llm.toString(),
                "--vision",
                "sd=" + pack.stableDiffusion(),
                "--tap",
                tap,
                "--timestep",
                "10",
                "--token-grid",
                "2",
                "--projector",
                sdProjector + ":model.mm_projector",
                "--max-new-tokens",
                "3",
                "--caption-conditioning",
                "mismatched-caption:7",
                "--onnx-cache",
                cache.toString(),
                "--out",
                out.toString()));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<CocoCaptionRecord> logged = log(out, CocoCaptionRecord.class);
    assertThat(logged).hasSize(3);
    for (CocoCaptionRecord r : logged) {
      assertThat(r.promptSource()).as("a derangement").isNotEqualTo(r.imageId());
      assertThat(r.prompt()).isEqualTo(firstCaption.get(r.promptSource()));
    }
    assertThat(ResultFile.readProvenance(out.resolve("summary.json")).options())
        .containsEntry("caption_conditioning", "mismatched-caption:7");

    CliRun clip =
        vqaEval(
            "coco",
            dir.resolve("leak"),
            dir.resolve("leak-clip"),
            "--caption-conditioning",
            "own-caption");
    assertThat(clip.exitCode()).isEqualTo(1);
    assertThat(clip.err()).contains("--caption-conditioning own-caption").contains("--vision sd=");
    CliRun bad =
        vqaEval(
            "coco",
            dir.resolve("leak"),
            dir.resolve("leak-bad"),
            "--caption-conditioning",
            "mismatched-caption:x");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("the seed must be an integer");
  }

  @Test
  void aResumeWithOtherSettingsIsRefused() {
    Path out = dir.resolve("gqa-guard");
    assertThat(gqaEval(gqa, out, "--limit", "1").exitCode()).isZero();
    CliRun other = gqaEval(gqa, out, "--temperature", "0.7");
    assertThat(other.exitCode()).isEqualTo(1);
    assertThat(other.err())
        .contains("holds a run with other settings")
        .contains("temperature=0.7")
        .contains("--fresh");
    CliRun fresh = gqaEval(gqa, out, "--temperature", "0.7", "--limit", "1", "--fresh");
    assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
  }

  @Test
  void mmvpVlmWithTheClipScorerMatchesTheOfficialScorerOnTheLog() throws IOException {
    Path data = synthetic;
    Path out = dir.resolve("mmvp-vlm");
    CliRun run =
        CliRun.of(
            "eval",
            "mmvp-vlm",
            "--data",
            data.resolve("mmvp-vlm").toString(),
            "--scorer",
            "clip",
            "--checkpoint",
            pack.clip().toString(),
            "--workers",
            "2",
            "--onnx-cache",
            cache.toString(),
            "--out",
            out.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    // two workers append in completion order; the official script reads the pairs in file order
    List<MmvpVlmRecord> logged = new ArrayList<>(log(out, MmvpVlmRecord.class));
    logged.sort(java.util.Comparator.comparingInt(MmvpVlmRecord::qid1));
    MmvpVlmScores official = MmvpVlmScorer.score(logged);
    JsonNode summary = results(out.resolve("summary.json"));
    assertThat(summary.get("average").asDouble()).isEqualTo(official.average());
    JsonNode perPattern = JSON.valueToTree(official.perPattern());
    assertThat(perPattern).isEqualTo(summary.get("perPattern"));
    assertThat(run.out()).contains("MMVP-VLM");
    assertThat(ResultFile.readProvenance(out.resolve("report.json")).checkpoints())
        .containsKey("clip");
  }

  @Test
  void projectorErrorsNameTheTensor() {
    Path other = dir.resolve("other-prefix.safetensors");
    SafetensorsWriter w = new SafetensorsWriter();
    w.add("proj.weight", Nd4j.zeros(DataType.FLOAT, WIDTH, WIDTH));
    w.write(other);
    CliRun missing =
        CliRun.of(
            "eval",
            "gqa",
            "--data",
            gqa.toString(),
            "--llm",
            llm.toString(),
            "--vision",
            "clip=" + pack.clip(),
            "--projector",
            other.toString(),
            "--out",
            dir.resolve("e1").toString());
    assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(1);
    assertThat(missing.err())
        .contains("model.mm_projector.0.weight")
        .contains("proj.weight")
        .contains("FILE:PREFIX");

    Path narrow = writeProjector(dir.resolve("narrow.safetensors"), 16, 3);
    CliRun shape =
        CliRun.of(
            "eval",
            "gqa",
            "--data",
            gqa.toString(),
            "--llm",
            llm.toString(),
            "--vision",
            "clip=" + pack.clip(),
            "--projector",
            narrow.toString(),
            "--onnx-cache",
            cache.toString(),
            "--out",
            dir.resolve("e2").toString());
    assertThat(shape.exitCode()).as(shape.toString()).isEqualTo(1);
    assertThat(shape.err())
        .contains("[tensor 'model.mm_projector.0.weight']")
        .contains("visual encoder gives 32");
  }

  @Test
  void unknownBenchmarksMissingFilesAndUnfitJudgesAreTypedErrors() throws IOException {
    CliRun unknown = CliRun.of("eval", "vqav2", "--data", gqa.toString(), "--out", "x");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("unknown benchmark 'vqav2'")
        .contains("mmvp, naturalbench, blink, gqa, llava-bench, coco, mmvp-vlm, winoground");

    Path empty = Files.createDirectories(dir.resolve("empty"));
    CliRun noFile =
        CliRun.of(
            "eval", "mmvp", "--data", empty.toString(), "--out", dir.resolve("e3").toString());
    assertThat(noFile.exitCode()).isEqualTo(1);
    assertThat(noFile.err()).contains("no Questions.csv");

    Path llavaBench = Files.createDirectories(dir.resolve("llava-bench"));
    for (String f : List.of("questions.jsonl", "context.jsonl", "answers_gpt4.jsonl")) {
      Files.writeString(llavaBench.resolve(f), "");
    }
    Files.createDirectories(llavaBench.resolve("images"));
    CliRun optionJudge =
        CliRun.of(
            "eval",
            "llava-bench",
            "--data",
            llavaBench.toString(),
            "--judge",
            "option",
            "--out",
            dir.resolve("e4").toString());
    assertThat(optionJudge.exitCode()).isEqualTo(1);
    assertThat(optionJudge.err()).contains("GPT-4").contains("OPENAI_API_KEY");

    CliRun itmJudge =
        CliRun.of(
            "eval",
            "winoground",
            "--data",
            empty.toString(),
            "--judge",
            "exact",
            "--out",
            dir.resolve("e5").toString());
    assertThat(itmJudge.exitCode()).isEqualTo(1);
    assertThat(itmJudge.err()).contains("winoground is scored by image-text matching");
    CliRun noData =
        CliRun.of(
            "eval",
            "winoground",
            "--data",
            empty.toString(),
            "--out",
            dir.resolve("e7").toString());
    assertThat(noData.exitCode()).isEqualTo(1);
    assertThat(noData.err()).contains("no examples.jsonl");

    // without OPENAI_* in the environment, the official GPT-4 review cannot be asked
    if (System.getenv("OPENAI_API_KEY") == null && System.getenv("OPENAI_BASE_URL") == null) {
      CliRun unconfigured = vqaEval("llava-bench", llavaBench, dir.resolve("e8"));
      assertThat(unconfigured.exitCode()).as(unconfigured.toString()).isEqualTo(1);
      assertThat(unconfigured.err())
          .contains("LLaVA-Bench's official review needs GPT-4")
          .contains("Set OPENAI_API_KEY");
    }

    CliRun scorerForVqa =
        CliRun.of(
            "eval",
            "gqa",
            "--data",
            gqa.toString(),
            "--scorer",
            "clip",
            "--out",
            dir.resolve("e6").toString());
    assertThat(scorerForVqa.exitCode()).isEqualTo(1);
    assertThat(scorerForVqa.err()).contains("--scorer: gqa evaluates a VQA model");
  }
}
