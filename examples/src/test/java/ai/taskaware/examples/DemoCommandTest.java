package ai.taskaware.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.taskaware.core.provenance.ResultFile;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

  private static final Pattern LINKS = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"");

  @TempDir static Path out;
  @TempDir static Path cache;

  static CliRun first;
  static Path report;
  static String html;

  @BeforeAll
  static void runDemoOnce() throws IOException {
    long start = System.nanoTime();
    first = CliRun.of("demo", "--out", out.toString(), "--cache", cache.toString());
    System.out.printf(Locale.ROOT, "demo run: %.1f s%n", (System.nanoTime() - start) / 1e9);
    assertThat(first.exitCode()).as(first.toString()).isZero();
    report = out.resolve("report");
    html = Files.readString(report.resolve("index.html"));
  }

  @Test
  void saysTheWeightsAreRandomAndPrintsTheReportPath() {
    assertThat(first.out())
        .contains("random weights", "--sd DIR", "generated a tiny SD2.1-architecture pack");
    assertThat(first.out().strip())
        .endsWith(report.resolve("index.html").toAbsolutePath().toString());
    assertThat(html).contains("Random weights", "Per-word cross-attention maps");
  }

  @Test
  void everyFileTheReportReferencesExistsAndEveryFigureHasItsResultFile() {
    List<String> links = new ArrayList<>();
    Matcher m = LINKS.matcher(html);
    while (m.find()) {
      links.add(m.group(1));
    }
    assertThat(links)
        .contains(
            "figures/benchmark.png",
            "figures/cka.png",
            "figures/pca.png",
            "figures/attention-1.png",
            "figures/pair-similarity.json",
            "itm/clip/mmvp-vlm/summary.json",
            "itm/clip/winoground/summary.json");
    for (String link : links) {
      assertThat(report.resolve(link)).as(link).isRegularFile();
      if (link.endsWith(".png")) {
        assertThat(report.resolve(link.replace(".png", ".json")))
            .as("provenance of " + link)
            .isRegularFile();
      }
    }
  }

  @Test
  void tableOneEqualsTheRunnersSummaries() {
    JsonNode mmvp = ResultFile.readResults(report.resolve("itm/clip/mmvp-vlm/summary.json"));
    JsonNode wino = ResultFile.readResults(report.resolve("itm/clip/winoground/summary.json"));
    String row =
        String.format(
            Locale.ROOT,
            "<tr><td>clip</td><td>%.1f</td><td>%.3f</td><td>%.3f</td><td>%.3f</td>",
            mmvp.get("average").asDouble(),
            wino.get("text").asDouble(),
            wino.get("image").asDouble(),
            wino.get("group").asDouble());
    assertThat(html).contains(row);
    assertThat(mmvp.get("pairs").asInt()).isEqualTo(135);
    assertThat(wino.get("examples").asInt()).isEqualTo(24);
  }

  @Test
  void headlessChromiumDecodesEveryFigure() throws Exception {
    Optional<Path> chromium = onPath("chromium", "chromium-browser", "google-chrome");
    assumeTrue(chromium.isPresent(), "no chromium on PATH");
    Process p =
        new ProcessBuilder(
                chromium.get().toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--virtual-time-budget=10000",
                "--dump-dom",
                report.resolve("index.html").toUri().toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    long images = Pattern.compile("<img ").matcher(html).results().count();
    System.out.println("chromium: " + images + " images in the report");
    assertThat(images).isGreaterThanOrEqualTo(5);
    assertThat(dom).contains("data-images-loaded=\"" + images + "/" + images + "\"");
  }

  @Test
  void secondRunReusesThePackAndGivesTheSameTable() throws IOException {
    Path unetWeights = cache.resolve("stable-diffusion/unet/diffusion_pytorch_model.safetensors");
    FileTime written = Files.getLastModifiedTime(unetWeights);
    Path again = out.resolve("again");
    CliRun second = CliRun.of("demo", "--out", again.toString(), "--cache", cache.toString());
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).contains("reusing the cached pack");
    assertThat(Files.getLastModifiedTime(unetWeights)).isEqualTo(written);
    String table = html.substring(html.indexOf("<tr><td>clip</td>"));
    table = table.substring(0, table.indexOf("<td class=\"l\">"));
    assertThat(Files.readString(again.resolve("report/index.html"))).contains(table);
  }

  @Test
  void missingCheckpointFolderIsABadInputNamingTheOption(@TempDir Path dir) {
    CliRun run = CliRun.of("demo", "--out", dir.toString(), "--sd", dir.resolve("nope").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("--sd", "nope", "not a folder");
  }

  private static Optional<Path> onPath(String... names) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
        .flatMap(dir -> Stream.of(names).map(n -> Path.of(dir, n)))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
