package ai.taskaware.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.taskaware.core.checkpoint.SafetensorsFile;
import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.model.ProgressListener;
import ai.taskaware.core.provenance.ResultFile;
import ai.taskaware.examples.demo.DemoPack;
import ai.taskaware.metrics.figure.PngFile;
import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractCommandTest {

  @TempDir static Path dir;
  static Path sd;
  static Path images;
  static Path prompts;

  @BeforeAll
  static void packAndImages() throws IOException {
    sd = DemoPack.ensure(dir.resolve("pack"), ProgressListener.NONE).stableDiffusion();
    images = dir.resolve("images");
    Files.createDirectories(images);
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 5; i++) {
      BufferedImage b = new BufferedImage(40, 32, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 40; x++) {
          b.setRGB(x, y, random.nextInt(1 << 24));
        }
      }
      PngFile.write(RgbImage.of(b), images.resolve("img" + i + ".png"));
    }
    prompts = dir.resolve("prompts.txt");
    Files.write(prompts, List.of("a red circle", "", "two blue squares", "a cat", "a dog"));
  }

  static CliRun extract(Path out, String... extra) {
    return extract(out, 2, extra);
  }

  static CliRun extract(Path out, int shardSize, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("extract"));
    args.addAll(extractArgs(out, shardSize, extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  /** The extract command's arguments after its name. */
  static List<String> extractArgs(Path out, int shardSize, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--sd",
                sd.toString(),
                "--images",
                images.toString(),
                "--prompts",
                prompts.toString(),
                "--taps",
                "U-L1-R1-Vit-Out,U-L1-R1-B0-Cross-Q",
                "--timesteps",
                "10,50",
                "--token-grid",
                "4",
                "--batch",
                "2",
                "--shard-size",
                Integer.toString(shardSize),
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    return args;
  }

  @Test
  void stoppedAndResumedStoreEqualsAnUninterruptedOne() throws IOException {
    Path whole = dir.resolve("whole");
    CliRun full = extract(whole);
    assertThat(full.exitCode()).as(full.toString()).isZero();

    Path resumed = dir.resolve("resumed");
    CliRun first = extract(resumed, "--stop-after-shards", "1");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(shardFiles(resumed)).containsExactly("features-00000.safetensors");
    JsonNode partial = ResultFile.readResults(resumed.resolve("index.json"));
    assertThat(partial.get("complete").asBoolean()).isFalse();
    assertThat(partial.get("shards")).hasSize(1);

    CliRun second = extract(resumed);
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).contains("resuming: 1 of 3 shards complete");

    assertThat(shardFiles(resumed))
        .containsExactly(
            "features-00000.safetensors",
            "features-00001.safetensors",
            "features-00002.safetensors")
        .isEqualTo(shardFiles(whole));
    JsonNode a = ResultFile.readResults(whole.resolve("index.json"));
    JsonNode b = ResultFile.readResults(resumed.resolve("index.json"));
    assertThat(b).isEqualTo(a);
    assertThat(a.get("complete").asBoolean()).isTrue();
    int entries = 0;
    for (JsonNode shard : a.get("shards")) {
      String file = shard.get("file").asText();
      try (SafetensorsFile x = SafetensorsFile.open(whole.resolve(file));
          SafetensorsFile y = SafetensorsFile.open(resumed.resolve(file))) {
        assertThat(new TreeSet<>(y.names())).isEqualTo(new TreeSet<>(x.names()));
        for (JsonNode entry : shard.get("entries")) {
          String name = entry.get("tensor").asText();
          assertThat(y.array(name)).as(name).isEqualTo(x.array(name));
          long[] shape = x.array(name).shape();
          assertThat(entry.get("shape")).hasSize(shape.length);
          for (int i = 0; i < shape.length; i++) {
            assertThat(entry.get("shape").get(i).asLong()).isEqualTo(shape[i]);
          }
          entries++;
        }
        assertThat(x.names()).hasSize(shard.get("entries").size());
      }
    }
    assertThat(entries).as("5 images × 2 taps × 2 timesteps").isEqualTo(20);
    assertThat(a.get("shards").get(0).get("entries").get(0).get("tensor").asText())
        .isEqualTo("img0/U-L1-R1-Vit-Out/t10");
    assertThat(ResultFile.readProvenance(whole.resolve("index.json")).checkpoints())
        .containsKey("stable_diffusion_unet");

    CliRun again = extract(whole);
    assertThat(again.out()).contains("store complete: 5 items in 3 shards");
  }

  @Test
  void storeOfAChildJvmKilledMidRunIsCompletedByARerunToTheUninterruptedStore() throws Exception {
    Path killed = dir.resolve("killed");
    Path jar = pathingJar(dir.resolve("classpath.jar"));
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                jar.toString(),
                "ai.taskaware.examples.Taskaware",
                "extract"));
    command.addAll(extractArgs(killed, 1));
    Process child =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    Path index = killed.resolve("index.json");
    long deadline = System.nanoTime() + 60_000_000_000L;
    int shardsWhenKilled = 0;
    while (child.isAlive() && System.nanoTime() < deadline) {
      if (Files.isRegularFile(index)) {
        shardsWhenKilled = ResultFile.readResults(index).get("shards").size();
        if (shardsWhenKilled >= 1) {
          child.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
          break;
        }
      }
      Thread.sleep(5);
    }
    child.waitFor();
    assertThat(shardsWhenKilled)
        .as(
            "killed after a shard, before the last; log:\n"
                + Files.readString(dir.resolve("child.log")))
        .isBetween(1, 4);

    Files.writeString(killed.resolve(".features-00003.safetensors123.tmp"), "half a shard");
    CliRun rerun = extract(killed, 1);
    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    Path whole = dir.resolve("whole-1");
    assertThat(extract(whole, 1).exitCode()).isZero();
    assertThat(shardFiles(killed)).hasSize(5).isEqualTo(shardFiles(whole));
    try (Stream<Path> files = Files.list(killed)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temporary file left")
          .containsExactlyInAnyOrder(
              "index.json",
              "features-00000.safetensors",
              "features-00001.safetensors",
              "features-00002.safetensors",
              "features-00003.safetensors",
              "features-00004.safetensors");
    }
    assertThat(ResultFile.readResults(index))
        .isEqualTo(ResultFile.readResults(whole.resolve("index.json")));
    for (String file : shardFiles(whole)) {
      try (SafetensorsFile x = SafetensorsFile.open(whole.resolve(file));
          SafetensorsFile y = SafetensorsFile.open(killed.resolve(file))) {
        assertThat(y.names()).isEqualTo(x.names());
        for (String name : x.names()) {
          assertThat(y.array(name)).as(name).isEqualTo(x.array(name));
        }
      }
    }
  }

  /**
   * A jar whose manifest holds this JVM's class path: keeps the child's command line short, as ONNX
   * Runtime crashes past ~3980 bytes of it.
   */
  private static Path pathingJar(Path jar) throws IOException {
    StringBuilder classPath = new StringBuilder();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      classPath.append(Path.of(entry).toUri()).append(' ');
    }
    java.util.jar.Manifest manifest = new java.util.jar.Manifest();
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest
        .getMainAttributes()
        .put(java.util.jar.Attributes.Name.CLASS_PATH, classPath.toString().trim());
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), manifest)) {
      // the manifest is the whole jar
    }
    return jar;
  }

  @Test
  void jsonlPromptsGiveOneItemPerLineWithUniqueIds() throws IOException {
    Path jsonl = dir.resolve("items.jsonl");
    Files.write(
        jsonl,
        List.of(
            "{\"image\": \"img1.png\", \"prompt\": \"a cat\"}",
            "{\"image\": \"img1.png\", \"prompt\": \"a dog\"}",
            "{\"image\": \"img4.png\", \"prompt\": \"\"}"));
    Path store = dir.resolve("jsonl");
    CliRun run =
        CliRun.of(
            "extract",
            "--sd",
            sd.toString(),
            "--images",
            images.toString(),
            "--prompts",
            jsonl.toString(),
            "--taps",
            "U-L1-R1-Vit-Out",
            "--token-grid",
            "2",
            "--out",
            store.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode entries =
        ResultFile.readResults(store.resolve("index.json")).get("shards").get(0).get("entries");
    assertThat(entries.findValuesAsText("tensor"))
        .containsExactly(
            "img1/U-L1-R1-Vit-Out/t50", "img1-2/U-L1-R1-Vit-Out/t50", "img4/U-L1-R1-Vit-Out/t50");
    assertThat(entries.findValuesAsText("prompt")).containsExactly("a cat", "a dog", "");
    try (SafetensorsFile f = SafetensorsFile.open(store.resolve("features-00000.safetensors"))) {
      assertThat(f.array("img1/U-L1-R1-Vit-Out/t50"))
          .as("the prompt conditions the features")
          .isNotEqualTo(f.array("img1-2/U-L1-R1-Vit-Out/t50"));
    }

    Files.write(jsonl, List.of("{\"image\": \"nope.png\", \"prompt\": \"x\"}"));
    CliRun bad =
        CliRun.of(
            "extract",
            "--sd",
            sd.toString(),
            "--images",
            images.toString(),
            "--prompts",
            jsonl.toString(),
            "--taps",
            "U-L1-R1-Vit-Out",
            "--out",
            dir.resolve("bad").toString());
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("line 1: image 'nope.png' not found");
  }

  @Test
  void storeOfOtherOptionsIsRefusedNamingTheFolder() {
    Path store = dir.resolve("other");
    assertThat(extract(store, "--stop-after-shards", "1").exitCode()).isZero();
    CliRun run = extract(store, "--guidance", "4");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("--out " + store).contains("other options");
  }

  private static List<String> shardFiles(Path store) throws IOException {
    try (Stream<Path> files = Files.list(store)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .filter(n -> n.endsWith(".safetensors"))
          .sorted()
          .toList();
    }
  }
}
