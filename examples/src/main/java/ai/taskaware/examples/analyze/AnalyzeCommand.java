package ai.taskaware.examples.analyze;

import ai.taskaware.core.checkpoint.CheckpointFingerprint;
import ai.taskaware.core.image.ImageDecoder;
import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.provenance.Provenance;
import ai.taskaware.core.provenance.ResultFile;
import ai.taskaware.diffusion.DiffusionFeatures;
import ai.taskaware.diffusion.ExtractorOptions;
import ai.taskaware.diffusion.FeatureRequest;
import ai.taskaware.diffusion.StableDiffusionPipeline;
import ai.taskaware.diffusion.itm.WordAttentionMaps;
import ai.taskaware.examples.cli.CliInputException;
import ai.taskaware.examples.cli.TaskawareSubcommand;
import ai.taskaware.examples.demo.FeatureAnalysis;
import ai.taskaware.metrics.cka.Cka;
import ai.taskaware.metrics.cka.CkaVariant;
import ai.taskaware.metrics.figure.AttentionOverlay;
import ai.taskaware.metrics.figure.ImageGrid;
import ai.taskaware.metrics.figure.MatrixHeatmap;
import ai.taskaware.metrics.figure.PngFile;
import ai.taskaware.metrics.pca.FeatureMap;
import ai.taskaware.metrics.pca.FeatureMapPca;
import ai.taskaware.metrics.pca.PcaMaps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code taskaware analyze}: for given images, at one timestep, U-Net features at the chosen taps
 * resized to a 16×16 token grid; per tap a PCA map fitted jointly over the images (and, with a
 * prompt, one of the conditional − unconditional difference); linear CKA between the taps (samples:
 * every token of every image); and, with a prompt, per-word cross-attention maps of all
 * cross-attention layers overlaid on each image. Each figure is a PNG with a JSON of its numbers
 * and provenance.
 */
@Command(
    name = "analyze",
    description = {
      "PCA maps (joint over the images; of cond - uncond with --prompt), a CKA heatmap across the"
          + " taps and per-word cross-attention overlays (with --prompt) for given images: PNGs"
          + " plus JSON with provenance in --out."
    })
public final class AnalyzeCommand extends TaskawareSubcommand {

  /** Side of an image cell in the figures. */
  static final int CELL = 128;

  /** Side of the attention maps. */
  static final int ATTENTION_RESOLUTION = 16;

  @Option(
      names = "--sd",
      required = true,
      paramLabel = "DIR",
      description = "A diffusers Stable Diffusion folder.")
  Path sd;

  @Option(
      names = "--images",
      required = true,
      split = ",",
      paramLabel = "A.png,B.png",
      description = "Image files, separated by commas.")
  List<Path> images;

  @Option(
      names = "--prompt",
      paramLabel = "TEXT",
      description =
          "Conditions the features (s = 1); adds the cond - uncond PCA and the attention maps.")
  String prompt;

  @Option(
      names = "--taps",
      split = ",",
      defaultValue = "U-L1-R1-Vit-Out,U-L2-R1-Res-Out",
      paramLabel = "T1,T2",
      description = "Feature taps in any spelling (default ${DEFAULT-VALUE}).")
  List<String> taps;

  @Option(
      names = "--timestep",
      defaultValue = "50",
      paramLabel = "T",
      description = "U-Net timestep (default ${DEFAULT-VALUE}).")
  int timestep;

  @Option(
      names = "--seed",
      defaultValue = "0",
      paramLabel = "N",
      description = "Seed of the noise added to the latents (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  /** For picocli. */
  public AnalyzeCommand() {}

  @Override
  protected void execute() throws Exception {
    if (!Files.isDirectory(sd)) {
      throw new CliInputException("--sd " + sd + ": not a folder");
    }
    List<RgbImage> pixels = new ArrayList<>();
    for (Path f : images) {
      if (!Files.isRegularFile(f)) {
        throw new CliInputException("--images " + f + ": no such file");
      }
      pixels.add(ImageDecoder.read(f));
    }
    boolean conditioned = prompt != null && !prompt.isBlank();
    Files.createDirectories(out);
    Provenance provenance =
        Provenance.of("examples/analyze")
            .withCheckpoint("stable_diffusion_unet", CheckpointFingerprint.of(sd.resolve("unet")))
            .withOption("images", images)
            .withOption("prompt", conditioned ? prompt : "")
            .withOption("taps", taps)
            .withOption("timestep", timestep)
            .withOption("token_grid", FeatureRequest.DEFAULT_TOKEN_GRID)
            .withSeed("noise", seed);
    try (StableDiffusionPipeline pipeline =
        StableDiffusionPipeline.open(sd, ExtractorOptions.defaults())) {
      FeatureRequest request =
          FeatureRequest.of(taps.toArray(String[]::new))
              .withTimesteps(timestep)
              .withNoiseSeed(seed)
              .withProgress((stage, d, t) -> {});
      List<List<String>> none = new ArrayList<>();
      List<List<String>> withPrompt = new ArrayList<>();
      for (int i = 0; i < pixels.size(); i++) {
        none.add(List.of());
        withPrompt.add(conditioned ? List.of(prompt) : List.of());
      }
      DiffusionFeatures uncond =
          pipeline.extractor().extractPerImage(pixels, none, request.withGuidanceScale(0));
      DiffusionFeatures features =
          conditioned ? pipeline.extractor().extractPerImage(pixels, withPrompt, request) : uncond;
      pca(pixels, features, conditioned ? uncond : null, provenance);
      cka(features, provenance);
      if (conditioned) {
        attention(pipeline, pixels, provenance);
      }
    }
    out().println(out.toAbsolutePath());
  }

  private void pca(
      List<RgbImage> pixels, DiffusionFeatures features, DiffusionFeatures uncond, Provenance p) {
    List<List<RgbImage>> cells = new ArrayList<>();
    List<String> rowTitles = new ArrayList<>();
    List<Map<String, Object>> values = new ArrayList<>();
    for (String tap : taps) {
      INDArray f = features.get(tap);
      List<FeatureMap> maps = new ArrayList<>();
      List<FeatureMap> differences = new ArrayList<>();
      for (int i = 0; i < pixels.size(); i++) {
        maps.add(FeatureMap.square(FeatureAnalysis.tokens(f, i)));
        if (uncond != null) {
          differences.add(
              FeatureMap.square(
                  FeatureAnalysis.tokens(f, i).sub(FeatureAnalysis.tokens(uncond.get(tap), i))));
        }
      }
      PcaMaps joint = FeatureMapPca.joint(maps);
      List<RgbImage> row = new ArrayList<>();
      for (int i = 0; i < pixels.size(); i++) {
        row.add(joint.image(i, CELL, CELL));
      }
      cells.add(row);
      rowTitles.add(tap);
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("tap", tap);
      v.put("singular_values", joint.singularValues());
      if (uncond != null) {
        PcaMaps diff = FeatureMapPca.joint(differences);
        List<RgbImage> diffRow = new ArrayList<>();
        for (int i = 0; i < pixels.size(); i++) {
          diffRow.add(diff.image(i, CELL, CELL));
        }
        cells.add(diffRow);
        rowTitles.add(tap + " cond−uncond");
        v.put("difference_singular_values", diff.singularValues());
      }
      values.add(v);
    }
    cells.add(0, pixels);
    rowTitles.add(0, "image");
    PngFile.write(
        ImageGrid.render(cells, rowTitles, imageTitles(), CELL, CELL), out.resolve("pca.png"));
    ResultFile.write(out.resolve("pca.json"), values, p);
  }

  private List<String> imageTitles() {
    return images.stream().map(f -> f.getFileName().toString()).toList();
  }

  private void cka(DiffusionFeatures features, Provenance p) {
    List<INDArray> layers = new ArrayList<>();
    for (String tap : taps) {
      INDArray f = features.get(tap);
      List<INDArray> perImage = new ArrayList<>();
      for (int i = 0; i < f.size(0); i++) {
        perImage.add(FeatureAnalysis.tokens(f, i));
      }
      // samples are the tokens of every image: all taps share the 16×16 token grid
      layers.add(Nd4j.vstack(perImage.toArray(INDArray[]::new)));
    }
    double[][] matrix = Cka.layerMatrix(layers, layers, CkaVariant.linear());
    PngFile.write(
        MatrixHeatmap.forCka("Linear CKA, t=" + timestep, taps, taps).render(matrix),
        out.resolve("cka.png"));
    ResultFile.write(
        out.resolve("cka.json"),
        Map.of("labels", taps, "matrix", matrix, "samples", layers.get(0).rows()),
        p.withOption("metric", "Cka.linear"));
  }

  private void attention(StableDiffusionPipeline pipeline, List<RgbImage> pixels, Provenance p) {
    List<List<RgbImage>> cells = new ArrayList<>();
    List<Map<String, Object>> values = new ArrayList<>();
    List<String> titles = new ArrayList<>(List.of("image"));
    for (int i = 0; i < pixels.size(); i++) {
      WordAttentionMaps maps =
          WordAttentionMaps.of(
              pipeline, pixels.get(i), prompt, List.of(), timestep, ATTENTION_RESOLUTION, seed);
      List<RgbImage> row = new ArrayList<>(List.of(pixels.get(i)));
      Map<String, double[][]> perWord = new LinkedHashMap<>();
      for (int w = 0; w < maps.words().size(); w++) {
        double[][] grid = maps.map(w).toDoubleMatrix();
        perWord.put(maps.words().get(w).word(), grid);
        row.add(AttentionOverlay.render(pixels.get(i), grid, 0.6));
        if (i == 0) {
          titles.add(maps.words().get(w).word());
        }
      }
      cells.add(row);
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("image", images.get(i).toString());
      v.put("words", maps.words());
      v.put("maps", perWord);
      values.add(v);
    }
    PngFile.write(
        ImageGrid.render(cells, imageTitles(), titles, CELL, CELL), out.resolve("attention.png"));
    ResultFile.write(
        out.resolve("attention.json"),
        values,
        p.withOption("layers", "all cross-attention layers")
            .withOption("resolution", ATTENTION_RESOLUTION));
  }
}
