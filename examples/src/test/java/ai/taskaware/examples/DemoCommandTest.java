package ai.taskaware.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.provenance.ResultFile;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

  private static final Pattern LINKS = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"");

  @Test
  void demoRunsEndToEndWritesACompleteReportAndReusesItsPack(@TempDir Path out, @TempDir Path cache)
      throws IOException {
    long start = System.nanoTime();
    CliRun first = CliRun.of("demo", "--out", out.toString(), "--cache", cache.toString());
    double firstSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "first demo run: %.1f s%n", firstSeconds);
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out())
        .contains("random weights", "--sd DIR", "generated a tiny SD2.1-architecture pack");
    Path index = out.resolve("report/index.html");
    assertThat(first.out().strip()).endsWith(index.toAbsolutePath().toString());

    String html = Files.readString(index);
    List<String> links = new ArrayList<>();
    Matcher m = LINKS.matcher(html);
    while (m.find()) {
      links.add(m.group(1));
    }
    assertThat(links)
        .contains(
            "figures/cka.png",
            "figures/pca.png",
            "figures/attention-1.png",
            "figures/pair-similarity.json",
            "itm/clip/mmvp-vlm/summary.json",
            "itm/clip/winoground/summary.json");
    for (String link : links) {
      assertThat(out.resolve("report").resolve(link)).as(link).isRegularFile();
      if (link.endsWith(".png")) {
        assertThat(out.resolve("report").resolve(link.replace(".png", ".json")))
            .as("provenance of " + link)
            .isRegularFile();
      }
    }
    assertThat(html).contains("Random weights", "Per-word cross-attention maps");

    JsonNode mmvp = ResultFile.readResults(out.resolve("report/itm/clip/mmvp-vlm/summary.json"));
    JsonNode wino = ResultFile.readResults(out.resolve("report/itm/clip/winoground/summary.json"));
    String row =
        String.format(
            Locale.ROOT,
            "<tr><td>clip</td><td>%.1f</td><td>%.3f</td><td>%.3f</td><td>%.3f</td>",
            mmvp.get("average").asDouble(),
            wino.get("text").asDouble(),
            wino.get("image").asDouble(),
            wino.get("group").asDouble());
    assertThat(html).as("Table 1 row equals the runners' summaries").contains(row);
    assertThat(mmvp.get("pairs").asInt()).isEqualTo(135);

    Path unetWeights = cache.resolve("stable-diffusion/unet/diffusion_pytorch_model.safetensors");
    FileTime written = Files.getLastModifiedTime(unetWeights);
    CliRun second = CliRun.of("demo", "--out", out.toString(), "--cache", cache.toString());
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).contains("reusing the cached pack");
    assertThat(Files.getLastModifiedTime(unetWeights)).isEqualTo(written);
    assertThat(Files.readString(index)).as("same numbers on a rerun").contains(row);
  }

  @Test
  void missingCheckpointFolderIsABadInputNamingTheOption(@TempDir Path out) {
    CliRun run = CliRun.of("demo", "--out", out.toString(), "--sd", out.resolve("nope").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("--sd", "nope", "not a folder");
  }
}
