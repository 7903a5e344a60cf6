package ai.taskaware.examples.extract;

import ai.taskaware.core.checkpoint.CheckpointFingerprint;
import ai.taskaware.core.checkpoint.SafetensorsWriter;
import ai.taskaware.core.image.ImageDecoder;
import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.provenance.Provenance;
import ai.taskaware.core.provenance.ResultFile;
import ai.taskaware.diffusion.DiffusionFeatures;
import ai.taskaware.diffusion.ExtractorOptions;
import ai.taskaware.diffusion.FeatureRequest;
import ai.taskaware.diffusion.StableDiffusionPipeline;
import ai.taskaware.examples.cli.CliInputException;
import ai.taskaware.examples.cli.TaskawareSubcommand;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code taskaware extract}: question-conditioned U-Net features of images, written to a feature
 * store: {@code features-NNNNN.safetensors} shards holding one tensor per image × tap × timestep
 * (named {@code <imageId>/<tap>/t<t>}, the batch dimension dropped) and {@code index.json} listing
 * every entry with its shard and shape, the options and the provenance.
 *
 * <p>Resumable: a shard is written to a temporary file and renamed into place, then the index is
 * rewritten (atomically) to list it; a re-run skips the shards the index lists as complete, so a
 * run killed at any point and re-run gives the same store as an uninterrupted run.
 */
@Command(
    name = "extract",
    description = {
      "U-Net features of images under prompts into a resumable feature store (sharded"
          + " safetensors features-NNNNN.safetensors + index.json).",
      "Re-running with the same options skips the shards already complete."
    })
public final class ExtractCommand extends TaskawareSubcommand {

  /** The store's index file. */
  public static final String INDEX = "index.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> IMAGE_SUFFIXES =
      Set.of(".png", ".jpg", ".jpeg", ".webp", ".bmp");

  @Option(
      names = "--sd",
      required = true,
      paramLabel = "DIR",
      description =
          "A diffusers Stable Diffusion folder (unet/, vae/, scheduler/, text_encoder/,"
              + " tokenizer/).")
  Path sd;

  @Option(
      names = "--images",
      required = true,
      split = ",",
      paramLabel = "DIR|FILES",
      description = "A folder of images (sorted by name) or image files separated by commas.")
  List<Path> images;

  @Option(
      names = "--prompts",
      required = true,
      paramLabel = "FILE",
      description =
          "Prompts: .txt with one prompt per line (line i for image i; a single line for every"
              + " image; an empty line is the unconditional prompt) or .jsonl of"
              + " {\"image\": file name or path, \"prompt\": text} (one item per line).")
  Path prompts;

  @Option(
      names = "--taps",
      required = true,
      split = ",",
      paramLabel = "T1,T2",
      description = "Taps in any spelling (paper, generic, diffusers path).")
  List<String> taps;

  @Option(
      names = "--timesteps",
      split = ",",
      defaultValue = "50",
      paramLabel = "T",
      description = "U-Net timesteps (default ${DEFAULT-VALUE}).")
  List<Integer> timesteps;

  @Option(
      names = "--guidance",
      defaultValue = "1",
      paramLabel = "S",
      description =
          "Guidance scale s of X_u + s(X_c - X_u): 0 unconditional, 1 conditional"
              + " (default ${DEFAULT-VALUE}).")
  double guidance;

  @Option(
      names = "--token-grid",
      defaultValue = "16",
      paramLabel = "N",
      description =
          "Spatial taps are resized to N×N tokens, 0 for none (default ${DEFAULT-VALUE}).")
  int tokenGrid;

  @Option(
      names = "--batch",
      defaultValue = "4",
      paramLabel = "N",
      description = "Images per extractor call (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--shard-size",
      defaultValue = "64",
      paramLabel = "N",
      description = "Items (image, prompt) per shard (default ${DEFAULT-VALUE}).")
  int shardSize;

  @Option(
      names = "--seed",
      defaultValue = "0",
      paramLabel = "N",
      description = "Seed of the noise added to the latents (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "STORE_DIR",
      description = "The feature store folder (created; an existing store is resumed).")
  Path out;

  /** Stops after this many newly written shards: simulates a killed run in tests. */
  @Option(names = "--stop-after-shards", hidden = true, defaultValue = "-1")
  int stopAfterShards;

  /** For picocli. */
  public ExtractCommand() {}

  /**
   * One item of the store: an image under one prompt.
   *
   * @param id the image id (tensor name prefix), unique in the store
   * @param image the image file
   * @param prompt the prompt ({@code ""} for unconditional)
   */
  record Item(String id, Path image, String prompt) {}

  @Override
  protected void execute() throws Exception {
    check();
    List<Item> items = items();
    Files.createDirectories(out);
    deleteLeftovers();
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("taps", taps);
    options.put("timesteps", timesteps);
    options.put("guidance_scale", guidance);
    options.put("token_grid", tokenGrid);
    options.put("shard_size", shardSize);
    options.put("noise_seed", seed);
    List<Map<String, Object>> shards = resume(options, items);
    int totalShards = (items.size() + shardSize - 1) / shardSize;
    String fingerprint = CheckpointFingerprint.of(sd.resolve("unet"));
    Provenance provenance =
        Provenance.of("examples/extract")
            .withCheckpoint("stable_diffusion_unet", fingerprint)
            .withOption("sd", sd)
            .withOption("prompts", prompts)
            .withOption("taps", taps)
            .withOption("timesteps", timesteps)
            .withOption("guidance_scale", guidance)
            .withOption("token_grid", tokenGrid)
            .withOption("shard_size", shardSize)
            .withSeed("noise", seed);
    if (shards.size() == totalShards) {
      out().println("store complete: " + items.size() + " items in " + totalShards + " shards");
      return;
    }
    if (!shards.isEmpty()) {
      out().println("resuming: " + shards.size() + " of " + totalShards + " shards complete");
    }
    int written = 0;
    try (StableDiffusionPipeline pipeline =
            StableDiffusionPipeline.open(sd, ExtractorOptions.defaults());
        ProgressBar bar = progress("extract", items.size())) {
      bar.stepTo((long) shards.size() * shardSize);
      for (int s = shards.size(); s < totalShards; s++) {
        if (stopAfterShards >= 0 && written >= stopAfterShards) {
          out().println("stopped after " + written + " shard(s)");
          return;
        }
        List<Item> shardItems =
            items.subList(s * shardSize, Math.min(items.size(), (s + 1) * shardSize));
        shards.add(writeShard(pipeline, s, shardItems, bar));
        ResultFile.write(out.resolve(INDEX), index(options, shards, totalShards), provenance);
        written++;
      }
    }
    out().println("store complete: " + items.size() + " items in " + totalShards + " shards");
    out().println(out.resolve(INDEX).toAbsolutePath());
  }

  /** Deletes the temporary files of a run killed while writing a shard or the index. */
  private void deleteLeftovers() throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith(".") && name.endsWith(".tmp")) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  private void check() {
    if (!Files.isDirectory(sd)) {
      throw new CliInputException("--sd " + sd + ": not a folder");
    }
    if (!Files.isRegularFile(prompts)) {
      throw new CliInputException("--prompts " + prompts + ": no such file");
    }
    if (batch < 1) {
      throw new CliInputException("--batch: expected at least 1, got " + batch);
    }
    if (shardSize < 1) {
      throw new CliInputException("--shard-size: expected at least 1, got " + shardSize);
    }
  }

  /** Image files from {@code --images}: a folder's images sorted by name, or the files given. */
  private List<Path> imageFiles() throws IOException {
    if (images.size() == 1 && Files.isDirectory(images.get(0))) {
      try (Stream<Path> files = Files.list(images.get(0))) {
        List<Path> found = files.filter(ExtractCommand::isImage).sorted().toList();
        if (found.isEmpty()) {
          throw new CliInputException("--images " + images.get(0) + ": no image files in it");
        }
        return found;
      }
    }
    for (Path f : images) {
      if (!Files.isRegularFile(f)) {
        throw new CliInputException("--images " + f + ": no such file");
      }
    }
    return images;
  }

  private static boolean isImage(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(p) && IMAGE_SUFFIXES.stream().anyMatch(name::endsWith);
  }

  /** The store's items in order, with unique ids. */
  List<Item> items() throws IOException {
    List<Path> files = imageFiles();
    List<Path> itemImages = new ArrayList<>();
    List<String> itemPrompts = new ArrayList<>();
    List<String> lines = Files.readAllLines(prompts);
    if (prompts.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jsonl")) {
      Path base = images.size() == 1 && Files.isDirectory(images.get(0)) ? images.get(0) : null;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(lines.get(i));
        } catch (IOException e) {
          throw new CliInputException(
              "--prompts " + prompts + " line " + (i + 1) + ": not a JSON object", e);
        }
        JsonNode image = node.get("image");
        JsonNode prompt = node.get("prompt");
        if (image == null || !image.isTextual() || prompt == null || !prompt.isTextual()) {
          throw new CliInputException(
              "--prompts "
                  + prompts
                  + " line "
                  + (i + 1)
                  + ": expected {\"image\": text, \"prompt\": text}");
        }
        itemImages.add(jsonlImage(image.asText(), base, files, i + 1));
        itemPrompts.add(prompt.asText());
      }
    } else {
      if (lines.size() != 1 && lines.size() != files.size()) {
        throw new CliInputException(
            "--prompts "
                + prompts
                + ": has "
                + lines.size()
                + " lines, expected 1 or one per image ("
                + files.size()
                + ")");
      }
      for (int i = 0; i < files.size(); i++) {
        itemImages.add(files.get(i));
        itemPrompts.add(lines.get(lines.size() == 1 ? 0 : i));
      }
    }
    if (itemImages.isEmpty()) {
      throw new CliInputException("--prompts " + prompts + ": no items");
    }
    List<Item> items = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < itemImages.size(); i++) {
      String name = itemImages.get(i).getFileName().toString();
      String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
      String id = stem;
      for (int k = 2; !ids.add(id); k++) {
        id = stem + "-" + k;
      }
      items.add(new Item(id, itemImages.get(i), itemPrompts.get(i)));
    }
    return items;
  }

  private Path jsonlImage(String image, Path base, List<Path> files, int line) {
    for (Path f : files) {
      if (f.getFileName().toString().equals(image) || f.toString().equals(image)) {
        return f;
      }
    }
    Path p = base != null ? base.resolve(image) : Path.of(image);
    if (!Files.isRegularFile(p)) {
      throw new CliInputException(
          "--prompts " + prompts + " line " + line + ": image '" + image + "' not found");
    }
    return p;
  }

  /**
   * The shards already complete: those the index lists whose files exist, checked to hold the same
   * items under the same options.
   */
  private List<Map<String, Object>> resume(Map<String, Object> options, List<Item> items)
      throws IOException {
    List<Map<String, Object>> shards = new ArrayList<>();
    Path index = out.resolve(INDEX);
    if (!Files.isRegularFile(index)) {
      return shards;
    }
    JsonNode results = ResultFile.readResults(index);
    JsonNode stored = results.get("options");
    // through text, so that numbers compare as they are stored (a long 0 reads back as an int 0)
    JsonNode wanted = JSON.readTree(JSON.writeValueAsString(options));
    if (stored == null || !stored.equals(wanted)) {
      throw new CliInputException(
          "--out "
              + out
              + ": holds a store made with other options "
              + stored
              + " (this run: "
              + wanted
              + "); use another folder");
    }
    for (JsonNode shard : results.path("shards")) {
      int number = shards.size();
      List<String> ids = new ArrayList<>();
      shard.path("items").forEach(n -> ids.add(n.asText()));
      List<String> expected =
          items
              .subList(number * shardSize, Math.min(items.size(), (number + 1) * shardSize))
              .stream()
              .map(Item::id)
              .toList();
      if (!ids.equals(expected) || !Files.isRegularFile(out.resolve(shard.get("file").asText()))) {
        break;
      }
      shards.add(JSON.convertValue(shard, Map.class));
    }
    return shards;
  }

  private Map<String, Object> writeShard(
      StableDiffusionPipeline pipeline, int number, List<Item> shardItems, ProgressBar bar)
      throws IOException {
    String file = String.format(Locale.ROOT, "features-%05d.safetensors", number);
    SafetensorsWriter writer = new SafetensorsWriter();
    List<Map<String, Object>> entries = new ArrayList<>();
    FeatureRequest request =
        FeatureRequest.of(taps.toArray(String[]::new))
            .withTimesteps(timesteps.toArray(Integer[]::new))
            .withGuidanceScale(guidance)
            .withTokenGrid(tokenGrid)
            .withEnsembleTimesteps(false)
            .withNoiseSeed(seed);
    for (int from = 0; from < shardItems.size(); from += batch) {
      List<Item> chunk = shardItems.subList(from, Math.min(shardItems.size(), from + batch));
      List<RgbImage> pixels = new ArrayList<>();
      List<List<String>> perImage = new ArrayList<>();
      for (Item item : chunk) {
        pixels.add(ImageDecoder.read(item.image()));
        perImage.add(item.prompt().isEmpty() ? List.of() : List.of(item.prompt()));
      }
      DiffusionFeatures features = pipeline.extractor().extractPerImage(pixels, perImage, request);
      for (int row = 0; row < chunk.size(); row++) {
        Item item = chunk.get(row);
        for (String tap : taps) {
          for (int t : timesteps) {
            INDArray one = features.get(tap, t).slice(row).dup('c');
            String name = item.id() + "/" + tap + "/t" + t;
            writer.add(name, one);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("tensor", name);
            entry.put("image_id", item.id());
            entry.put("image", item.image().toString());
            entry.put("prompt", item.prompt());
            entry.put("tap", tap);
            entry.put("timestep", t);
            entry.put("shape", Arrays.stream(one.shape()).boxed().toList());
            entry.put("shard", file);
            entries.add(entry);
          }
        }
        bar.step();
      }
    }
    Path tmp = Files.createTempFile(out, "." + file, ".tmp");
    try {
      writer.write(tmp);
      Files.move(tmp, out.resolve(file), StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    Map<String, Object> shard = new LinkedHashMap<>();
    shard.put("file", file);
    shard.put("items", shardItems.stream().map(Item::id).toList());
    shard.put("entries", entries);
    return shard;
  }

  private static Map<String, Object> index(
      Map<String, Object> options, List<Map<String, Object>> shards, int totalShards) {
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("options", options);
    index.put("complete", shards.size() == totalShards);
    index.put("total_shards", totalShards);
    index.put("shards", shards);
    return index;
  }
}
