package ai.taskaware.examples.demo;

import ai.taskaware.benchmarks.mmvpvlm.MmvpVlmPair;
import ai.taskaware.benchmarks.winoground.WinogroundExample;
import ai.taskaware.core.image.ImageDecoder;
import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.provenance.Provenance;
import ai.taskaware.core.provenance.ResultFile;
import ai.taskaware.metrics.figure.ImageGrid;
import ai.taskaware.metrics.figure.PngFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A look at the benchmark as loaded: the first pair of each MMVP-VLM pattern and the first
 * Winoground examples, images in a grid and their texts in a table.
 *
 * @param png the grid, relative to the report folder
 * @param json the rows with provenance, relative to the report folder
 * @param rows per grid row: benchmark and pattern, text of image 1, text of image 2
 */
record BenchmarkPreview(Path png, Path json, List<List<String>> rows) {

  static final int CELL = 72;

  static final int WINOGROUND_ROWS = 2;

  /** Draws the preview into {@code reportDir/figures}. */
  static BenchmarkPreview write(
      List<MmvpVlmPair> mmvp,
      List<WinogroundExample> winoground,
      Path reportDir,
      Provenance provenance) {
    List<List<RgbImage>> cells = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    Map<String, MmvpVlmPair> firstPerPattern = new LinkedHashMap<>();
    mmvp.forEach(p -> firstPerPattern.putIfAbsent(p.type(), p));
    for (MmvpVlmPair p : firstPerPattern.values()) {
      cells.add(List.of(ImageDecoder.read(p.image1()), ImageDecoder.read(p.image2())));
      titles.add(p.type());
      rows.add(List.of("MMVP-VLM · " + p.type(), p.statement1(), p.statement2()));
    }
    for (WinogroundExample e :
        winoground.subList(0, Math.min(WINOGROUND_ROWS, winoground.size()))) {
      cells.add(List.of(ImageDecoder.read(e.image0()), ImageDecoder.read(e.image1())));
      titles.add("Winoground " + e.id());
      rows.add(List.of("Winoground " + e.id(), e.caption0(), e.caption1()));
    }
    Path png = Path.of("figures", "benchmark.png");
    Path json = Path.of("figures", "benchmark.json");
    PngFile.write(
        ImageGrid.render(cells, titles, List.of("image 1", "image 2"), CELL, CELL),
        reportDir.resolve(png));
    ResultFile.write(reportDir.resolve(json), rows, provenance);
    return new BenchmarkPreview(png, json, rows);
  }
}
