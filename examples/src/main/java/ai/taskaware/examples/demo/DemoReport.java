package ai.taskaware.examples.demo;

import ai.taskaware.core.provenance.LibraryVersions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the demo's {@code index.html}: a self-contained page (inline CSS, figures as PNG files
 * next to it) with the image–text matching table, the feature analyses and a link to the result
 * file behind every number.
 *
 * @param models where the models came from, one line each
 * @param data where the benchmark came from, one line each
 * @param preview samples of the benchmark
 * @param generated whether the models are the demo's random ones
 * @param itm the image–text matching rows
 * @param analysis the feature analyses
 * @param seconds how long the run took
 */
record DemoReport(
    List<String> models,
    List<String> data,
    BenchmarkPreview preview,
    boolean generated,
    List<ImageTextMatching.Row> itm,
    FeatureAnalysis.Result analysis,
    double seconds) {

  static final String RANDOM_WEIGHTS =
      "The default models are generated with random weights (a tiny Stable Diffusion 2.1-shaped"
          + " pack and a tiny CLIP), so the scores below sit near (or, where a caption outweighs the image, below) chance and the figures show the"
          + " pipeline, not the paper's findings.";

  static final String REAL_CHECKPOINTS =
      "To run the same steps on real checkpoints: --sd DIR (a stabilityai/stable-diffusion-2-1-base"
          + " folder), --clip DIR (a CLIPModel folder such as openai/clip-vit-large-patch14-336,"
          + " tokenizer files included) and --data DIR (with mmvp-vlm/, winoground/ and"
          + " naturalbench/ folders in the published formats).";

  private static final String STYLE =
      """
      body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#1d2330;
        background:#f6f7f9;line-height:1.45}
      main{max-width:1100px;margin:0 auto;padding:24px 32px 48px}
      h1{font-size:1.7em;margin:.2em 0 .1em}h2{margin-top:1.8em;border-bottom:1px solid #d9dde3;
        padding-bottom:.2em;font-size:1.25em}
      .sub{color:#5a6473;margin-top:0}
      .note{background:#fff6db;border:1px solid #ecd48a;border-radius:6px;padding:10px 14px}
      .card{background:#fff;border:1px solid #e1e4e9;border-radius:8px;padding:14px 18px;margin:14px 0}
      table{border-collapse:collapse;font-size:.92em;margin:6px 0}
      th,td{padding:4px 10px;border-bottom:1px solid #e6e8ec;text-align:right}
      th{background:#eef0f4}td:first-child,th:first-child{text-align:left}
      td.l{text-align:left}
      img{max-width:100%;border:1px solid #e1e4e9;border-radius:4px;background:#fff}
      .cap{color:#4a5260;font-size:.9em}
      a{color:#2457c5}code{background:#eef0f4;padding:1px 4px;border-radius:3px}
      ul{margin:.3em 0}
      .row{display:flex;gap:18px;align-items:flex-start}.row img{flex:none}
      .row table{font-size:.88em}.row th{text-align:left}
      """;

  /** Writes {@code index.html} into {@code reportDir} and returns its path. */
  Path write(Path reportDir) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.append("<title>taskaware demo report</title><style>").append(STYLE).append("</style>");
    h.append("</head><body><main>\n");
    h.append("<h1>taskaware demo</h1>");
    h.append("<p class=\"sub\">Stable Diffusion as a task-aware feature extractor — the pipeline")
        .append(" of Agarwal et al., end to end on the JVM. Generated ")
        .append(esc(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()))
        .append(String.format(Locale.ROOT, " in %.1f s.</p>%n", seconds));
    if (generated) {
      h.append("<p class=\"note\"><b>Random weights.</b> ").append(esc(RANDOM_WEIGHTS));
      h.append("<br>").append(esc(REAL_CHECKPOINTS)).append("</p>\n");
    } else {
      h.append("<p class=\"note\">").append(esc(REAL_CHECKPOINTS)).append("</p>\n");
    }
    h.append("<h2>Inputs</h2><div class=\"card\"><b>Models</b><ul>");
    models.forEach(m -> h.append("<li>").append(esc(m)).append("</li>"));
    h.append("</ul><b>Benchmarks</b> (loaded back through benchmarks-vqa's loaders)<ul>");
    data.forEach(d -> h.append("<li>").append(esc(d)).append("</li>"));
    h.append("</ul><div class=\"row\"><img src=\"").append(href(preview.png()));
    h.append("\" alt=\"benchmark samples\"><table><tr><th>benchmark</th><th>text of image 1</th>");
    h.append("<th>text of image 2</th></tr>");
    for (List<String> r : preview.rows()) {
      h.append("<tr>");
      r.forEach(c -> h.append("<td class=\"l\">").append(esc(c)).append("</td>"));
      h.append("</tr>");
    }
    h.append("</table></div><p class=\"cap\">The first pair of each pattern, as loaded. Rows: ");
    h.append(link(preview.json(), preview.json().getFileName().toString())).append("</p></div>\n");

    h.append("<h2>Image–text matching (Table 1)</h2><div class=\"card\">");
    h.append("<table><tr><th>scorer</th><th>MMVP-VLM average (%)</th><th>Winoground text</th>")
        .append("<th>image</th><th>group</th><th>result files</th></tr>");
    for (ImageTextMatching.Row r : itm) {
      h.append("<tr><td>")
          .append(esc(r.scorer()))
          .append("</td>")
          .append(num("%.1f", r.mmvpVlmAverage()))
          .append(num("%.3f", r.winogroundText()))
          .append(num("%.3f", r.winogroundImage()))
          .append(num("%.3f", r.winogroundGroup()))
          .append("<td class=\"l\">")
          .append(link(r.mmvpVlmSummary(), "MMVP-VLM"))
          .append(" · ")
          .append(link(r.winogroundSummary(), "Winoground"))
          .append("</td></tr>");
    }
    h.append("</table><p class=\"cap\">Chance: MMVP-VLM 25 % (a pair is right when both")
        .append(" statements pick their own image), Winoground text 0.25, image 0.25, group")
        .append(" 0.167. Each summary.json sits next to its predictions and bootstrap report.</p>")
        .append("</div>\n");

    h.append("<h2>Features</h2><div class=\"card\"><p>Taps ")
        .append(esc(String.join(", ", analysis.taps())))
        .append(
            analysis.crossMapTap().isEmpty()
                ? ""
                : ", cross-attention " + esc(analysis.crossMapTap()))
        .append("; timesteps t ∈ ")
        .append(esc(set(FeatureAnalysis.TIMESTEPS.stream().map(String::valueOf).toList())))
        .append("; guidance X = X<sub>u</sub> + s·(X<sub>c</sub> − X<sub>u</sub>) with s ∈ ")
        .append(esc(set(FeatureAnalysis.SCALES.stream().map(FeatureAnalysis::fmt).toList())))
        .append(", conditioned on each NaturalBench pair's first question.</p></div>\n");
    for (FeatureAnalysis.Table t : analysis.tables()) {
      h.append("<h2>").append(esc(t.title())).append("</h2><div class=\"card\"><table><tr>");
      t.header().forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
      h.append("</tr>");
      for (List<String> row : t.rows()) {
        h.append("<tr>");
        for (int i = 0; i < row.size(); i++) {
          h.append(i < 2 ? "<td class=\"l\">" : "<td>").append(esc(row.get(i))).append("</td>");
        }
        h.append("</tr>");
      }
      h.append("</table><p class=\"cap\">")
          .append(esc(t.caption()))
          .append(" Numbers: ")
          .append(link(t.json(), t.json().getFileName().toString()))
          .append("</p></div>\n");
    }
    for (FeatureAnalysis.Figure f : analysis.figures()) {
      h.append("<h2>").append(esc(f.title())).append("</h2><div class=\"card\">");
      h.append("<img src=\"").append(href(f.png())).append("\" alt=\"").append(esc(f.title()));
      h.append("\"><p class=\"cap\">").append(esc(f.caption())).append(" Numbers: ");
      h.append(link(f.json(), f.json().getFileName().toString())).append("</p></div>\n");
    }
    h.append("<h2>Versions</h2><div class=\"card\"><table>");
    for (Map.Entry<String, String> v : LibraryVersions.current().entrySet()) {
      h.append("<tr><td>").append(esc(v.getKey())).append("</td><td class=\"l\">");
      h.append(esc(v.getValue())).append("</td></tr>");
    }
    h.append("</table></div></main>");
    // records in the DOM how many figures the browser could decode (checked by a headless test)
    h.append("<script>window.addEventListener('load',()=>{const i=[...document.images];")
        .append("document.body.dataset.imagesLoaded=i.filter(x=>x.complete&&x.naturalWidth>0)")
        .append(".length+'/'+i.length;});</script></body></html>\n");
    Path index = reportDir.resolve("index.html");
    try {
      Files.writeString(index, h.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report " + index, e);
    }
    return index;
  }

  private static String set(List<String> values) {
    return "{" + String.join(", ", values) + "}";
  }

  private static String num(String format, double value) {
    return "<td>" + String.format(Locale.ROOT, format, value) + "</td>";
  }

  private static String href(Path relative) {
    return esc(relative.toString().replace('\\', '/'));
  }

  private static String link(Path relative, String text) {
    return "<a href=\"" + href(relative) + "\">" + esc(text) + "</a>";
  }

  static String esc(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
