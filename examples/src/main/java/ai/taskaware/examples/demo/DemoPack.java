package ai.taskaware.examples.demo;

import ai.taskaware.core.checkpoint.CheckpointFingerprint;
import ai.taskaware.core.checkpoint.config.ConfigFiles;
import ai.taskaware.core.model.ProgressListener;
import ai.taskaware.diffusion.generate.StableDiffusionShapes;
import ai.taskaware.diffusion.generate.SyntheticStableDiffusion;
import ai.taskaware.examples.generate.SyntheticClipModel;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The demo's models: a Stable Diffusion folder (diffusers layout) and a {@code CLIPModel} folder.
 *
 * @param stableDiffusion the SD folder ({@code unet/}, {@code vae/}, {@code scheduler/}, {@code
 *     text_encoder/}, {@code tokenizer/})
 * @param clip the CLIP folder (weights, config and tokenizer files)
 * @param generated whether the weights are the demo's random ones
 * @param reused whether a generated pack was found in the cache with matching fingerprints
 */
public record DemoPack(Path stableDiffusion, Path clip, boolean generated, boolean reused) {

  /** The pack's description file in the cache folder. */
  static final String PACK_FILE = "pack.json";

  /**
   * What the generator writes; a pack whose {@value #PACK_FILE} records another spec is rewritten.
   */
  static final String SPEC =
      "sd=StableDiffusionShapes.tiny seed=2024; clip=SyntheticClipModel.tiny seed=2025";

  static final long SD_SEED = 2024;
  static final long CLIP_SEED = 2025;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Real checkpoints given on the command line. */
  static DemoPack of(Path stableDiffusion, Path clip) {
    return new DemoPack(stableDiffusion, clip, false, false);
  }

  /**
   * The generated pack in {@code cache}: reused when {@value #PACK_FILE} names this {@link #SPEC}
   * and the folders' fingerprints still match it, else written afresh (into a sibling folder first,
   * so a killed run never leaves a half-written pack that looks complete).
   *
   * @throws UncheckedIOException when the cache cannot be written
   */
  public static DemoPack ensure(Path cache, ProgressListener progress) {
    Path sd = cache.resolve("stable-diffusion");
    Path clip = cache.resolve("clip");
    if (matches(cache.resolve(PACK_FILE), sd, clip)) {
      return new DemoPack(sd, clip, true, true);
    }
    try {
      Path parent = cache.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path staging = Files.createTempDirectory(parent, cache.getFileName() + ".writing-");
      Path stagedSd =
          SyntheticStableDiffusion.write(
              staging.resolve("stable-diffusion"), StableDiffusionShapes.tiny(), SD_SEED, progress);
      int vocab =
          ConfigFiles.readTree(stagedSd.resolve("text_encoder/config.json"))
              .get("vocab_size")
              .asInt();
      SyntheticClipModel.tiny(vocab)
          .write(staging.resolve("clip"), stagedSd.resolve("tokenizer"), CLIP_SEED);
      ObjectNode pack = JSON.createObjectNode();
      pack.put("spec", SPEC);
      pack.put("stable_diffusion", CheckpointFingerprint.of(stagedSd));
      pack.put("clip", CheckpointFingerprint.of(staging.resolve("clip")));
      Files.writeString(staging.resolve(PACK_FILE), JSON.writeValueAsString(pack));
      deleteTree(cache);
      Files.move(staging, cache, StandardCopyOption.ATOMIC_MOVE);
      return new DemoPack(sd, clip, true, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the demo model pack into " + cache, e);
    }
  }

  private static boolean matches(Path packFile, Path sd, Path clip) {
    if (!Files.isRegularFile(packFile) || !Files.isDirectory(sd) || !Files.isDirectory(clip)) {
      return false;
    }
    try {
      var pack = JSON.readTree(packFile.toFile());
      return SPEC.equals(pack.path("spec").asText())
          && CheckpointFingerprint.of(sd).equals(pack.path("stable_diffusion").asText())
          && CheckpointFingerprint.of(clip).equals(pack.path("clip").asText());
    } catch (IOException | RuntimeException e) {
      // an unreadable or foreign pack file means the pack is rewritten, not an error
      return false;
    }
  }

  private static void deleteTree(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
