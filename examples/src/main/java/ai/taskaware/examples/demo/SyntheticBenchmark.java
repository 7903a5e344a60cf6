package ai.taskaware.examples.demo;

import ai.taskaware.benchmarks.mmvpvlm.MmvpVlmDataset;
import ai.taskaware.benchmarks.mmvpvlm.MmvpVlmScorer;
import ai.taskaware.benchmarks.naturalbench.NaturalBenchDataset;
import ai.taskaware.core.model.ProgressListener;
import ai.taskaware.examples.demo.Scene.Figure;
import ai.taskaware.examples.demo.Scene.Kind;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Draws a benchmark of procedurally rendered scenes and writes it in the published formats, each in
 * its own folder under the root: {@value #MMVP_VLM}/ ({@code Questions.csv} and {@code MLLM_VLM
 * Images/<pattern>/<qid>.jpg}: 15 statement pairs for each of MMVP-VLM's nine patterns), {@value
 * #WINOGROUND}/ ({@code examples.jsonl} and {@code images/}: caption pairs that swap two words) and
 * {@value #NATURALBENCH}/ ({@code naturalbench.jsonl} and {@code images/}: yes/no question pairs
 * whose answers flip across an image pair). Deterministic for a seed.
 */
public final class SyntheticBenchmark {

  static final String MMVP_VLM = "mmvp-vlm";
  static final String WINOGROUND = "winoground";
  static final String NATURALBENCH = "naturalbench";

  /** Side of the drawn images. */
  static final int SIDE = 224;

  /** Winoground examples drawn. */
  static final int WINOGROUND_EXAMPLES = 24;

  /** NaturalBench samples drawn. */
  static final int NATURALBENCH_SAMPLES = 4;

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Named(String name, Color color) {}

  private static final List<Named> COLORS =
      List.of(
          new Named("red", new Color(210, 40, 40)),
          new Named("blue", new Color(40, 80, 210)),
          new Named("green", new Color(40, 160, 60)),
          new Named("yellow", new Color(235, 190, 30)),
          new Named("purple", new Color(140, 60, 170)),
          new Named("black", new Color(30, 30, 30)));

  private static final List<String> NUMBERS = List.of("one", "two", "three", "four", "five");

  private final SplittableRandom random;

  private SyntheticBenchmark(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** Writes all three benchmarks under {@code root}, one unit of progress per image. */
  public static void write(Path root, long seed, ProgressListener progress) {
    SyntheticBenchmark b = new SyntheticBenchmark(seed);
    long total =
        2L * MmvpVlmScorer.PATTERNS.size() * MmvpVlmScorer.PAIRS_PER_PATTERN
            + 2L * WINOGROUND_EXAMPLES
            + 2L * NATURALBENCH_SAMPLES;
    long[] done = {0};
    ProgressListener counted =
        (stage, d, t) -> progress.progress("draw benchmark", ++done[0], total);
    try {
      b.mmvpVlm(root.resolve(MMVP_VLM), counted);
      b.winoground(root.resolve(WINOGROUND), counted);
      b.naturalBench(root.resolve(NATURALBENCH), counted);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the synthetic benchmark under " + root, e);
    }
  }

  private record Statement(String text, Scene scene) {}

  private void mmvpVlm(Path folder, ProgressListener progress) throws IOException {
    StringBuilder csv = new StringBuilder("Question ID,Type,Statement\n");
    int qid = 1;
    for (String pattern : MmvpVlmScorer.PATTERNS) {
      Path images = folder.resolve(MmvpVlmDataset.IMAGES).resolve(pattern);
      Files.createDirectories(images);
      for (int k = 0; k < MmvpVlmScorer.PAIRS_PER_PATTERN; k++) {
        for (Statement s : statementPair(pattern)) {
          csv.append(qid).append(',').append(pattern).append(',');
          csv.append(quoted(s.text())).append('\n');
          ImageIO.write(s.scene().render(SIDE), "jpg", images.resolve(qid + ".jpg").toFile());
          progress.progress("", qid, 0);
          qid++;
        }
      }
    }
    Files.writeString(folder.resolve("Questions.csv"), csv.toString());
  }

  private static String quoted(String text) {
    return text.contains(",") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
  }

  private Named color() {
    return COLORS.get(random.nextInt(COLORS.size()));
  }

  private Named otherColor(Named not) {
    Named c;
    do {
      c = color();
    } while (c.equals(not));
    return c;
  }

  private Kind kind() {
    return List.of(Kind.CIRCLE, Kind.SQUARE, Kind.TRIANGLE).get(random.nextInt(3));
  }

  private static String name(Kind k) {
    return k.name().toLowerCase(Locale.ROOT);
  }

  private double jitter() {
    return (random.nextDouble() - 0.5) * 0.1;
  }

  private List<Statement> statementPair(String pattern) {
    Named c = color();
    Kind k = kind();
    double x = 0.5 + jitter();
    double y = 0.5 + jitter();
    Figure base = Figure.of(k, c.color(), x, y, 0.4);
    String what = c.name() + " " + name(k);
    return switch (pattern) {
      case "Orientation and Direction" -> {
        Figure arrow = Figure.of(Kind.ARROW, c.color(), x, y, 0.5);
        yield List.of(
            new Statement("a " + c.name() + " arrow pointing left", Scene.of(arrow.rotated(180))),
            new Statement("a " + c.name() + " arrow pointing right", Scene.of(arrow)));
      }
      case "Presence of Specific Features" ->
          List.of(
              new Statement("a " + what + " with a white dot", Scene.of(base.withDot())),
              new Statement("a " + what + " without a dot", Scene.of(base)));
      case "State and Condition" ->
          List.of(
              new Statement("a filled " + what, Scene.of(base)),
              new Statement("a hollow " + what, Scene.of(base.hollow())));
      case "Quantity and Count" -> {
        int n = 1 + random.nextInt(3);
        yield List.of(
            new Statement(
                NUMBERS.get(n - 1) + " " + c.name() + (n == 1 ? " circle" : " circles"), row(c, n)),
            new Statement(NUMBERS.get(n) + " " + c.name() + " circles", row(c, n + 1)));
      }
      case "Positional and Relational Context" -> {
        Named d = otherColor(c);
        Figure left = Figure.of(Kind.CIRCLE, c.color(), 0.28, y, 0.3);
        Figure right = Figure.of(Kind.SQUARE, d.color(), 0.72, y, 0.3);
        Figure leftSwapped = Figure.of(Kind.CIRCLE, c.color(), 0.72, y, 0.3);
        Figure rightSwapped = Figure.of(Kind.SQUARE, d.color(), 0.28, y, 0.3);
        String circle = "a " + c.name() + " circle";
        String square = "a " + d.name() + " square";
        yield List.of(
            new Statement(circle + " left of " + square, Scene.of(left, right)),
            new Statement(circle + " right of " + square, Scene.of(leftSwapped, rightSwapped)));
      }
      case "Color and Appearance" -> {
        Named d = otherColor(c);
        yield List.of(
            new Statement("a " + what, Scene.of(base)),
            new Statement(
                "a " + d.name() + " " + name(k), Scene.of(Figure.of(k, d.color(), x, y, 0.4))));
      }
      case "Structural Characteristics" -> {
        Kind other = k == Kind.SQUARE ? Kind.TRIANGLE : Kind.SQUARE;
        yield List.of(
            new Statement("a " + what, Scene.of(base)),
            new Statement(
                "a " + c.name() + " " + name(other),
                Scene.of(Figure.of(other, c.color(), x, y, 0.4))));
      }
      case "Texts" -> {
        char letter = (char) ('A' + random.nextInt(25));
        char next = (char) (letter + 1);
        Figure sign = Figure.of(Kind.SQUARE, c.color(), x, y, 0.5);
        yield List.of(
            new Statement("a sign with the letter " + letter, Scene.of(sign.labelled("" + letter))),
            new Statement("a sign with the letter " + next, Scene.of(sign.labelled("" + next))));
      }
      case "Viewpoint and Perspective" ->
          List.of(
              new Statement(
                  "a " + what + " seen from far away",
                  Scene.of(Figure.of(k, c.color(), x, y, 0.15))),
              new Statement(
                  "a " + what + " seen close up",
                  Scene.of(Figure.of(k, c.color(), 0.5, 0.5, 0.9))));
      default -> throw new IllegalStateException("no drawing for MMVP-VLM pattern " + pattern);
    };
  }

  private Scene row(Named c, int n) {
    List<Figure> figures = new ArrayList<>();
    double size = 0.7 / Math.max(n, 2);
    double y = 0.5 + jitter();
    for (int i = 0; i < n; i++) {
      figures.add(Figure.of(Kind.CIRCLE, c.color(), (i + 0.5) / n * 0.8 + 0.1, y, size));
    }
    return new Scene(Scene.BACKGROUND, figures);
  }

  private void winoground(Path folder, ProgressListener progress) throws IOException {
    Path images = folder.resolve("images");
    Files.createDirectories(images);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < WINOGROUND_EXAMPLES; i++) {
      Named a = color();
      Named b = otherColor(a);
      Kind ka = kind();
      Kind kb = ka == Kind.CIRCLE ? Kind.SQUARE : Kind.CIRCLE;
      double y = 0.5 + jitter();
      // the two captions use the same words; swapping the colours swaps which shape has which
      String caption0 = "a " + a.name() + " " + name(ka) + " and a " + b.name() + " " + name(kb);
      String caption1 = "a " + b.name() + " " + name(ka) + " and a " + a.name() + " " + name(kb);
      Scene s0 =
          Scene.of(Figure.of(ka, a.color(), 0.3, y, 0.32), Figure.of(kb, b.color(), 0.7, y, 0.32));
      Scene s1 =
          Scene.of(Figure.of(ka, b.color(), 0.3, y, 0.32), Figure.of(kb, a.color(), 0.7, y, 0.32));
      for (int j = 0; j < 2; j++) {
        Scene s = j == 0 ? s0 : s1;
        ImageIO.write(
            s.render(SIDE), "png", images.resolve("ex_" + i + "_img_" + j + ".png").toFile());
        progress.progress("", 0, 0);
      }
      ObjectNode line = JSON.createObjectNode();
      line.put("id", i);
      line.put("image_0", "ex_" + i + "_img_0");
      line.put("image_1", "ex_" + i + "_img_1");
      line.put("caption_0", caption0);
      line.put("caption_1", caption1);
      line.put("tag", "Object");
      line.put("secondary_tag", "");
      line.put("num_main_preds", 1);
      line.put("collapsed_tag", "Object");
      lines.append(JSON.writeValueAsString(line)).append('\n');
    }
    Files.writeString(folder.resolve("examples.jsonl"), lines.toString());
  }

  private void naturalBench(Path folder, ProgressListener progress) throws IOException {
    Path images = folder.resolve("images");
    Files.createDirectories(images);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < NATURALBENCH_SAMPLES; i++) {
      Named a = color();
      Named b = otherColor(a);
      Kind k = kind();
      double x = 0.5 + jitter();
      double y = 0.5 + jitter();
      for (int j = 0; j < 2; j++) {
        Named c = j == 0 ? a : b;
        ImageIO.write(
            Scene.of(Figure.of(k, c.color(), x, y, 0.45)).render(SIDE),
            "png",
            images.resolve("nb_" + i + "_" + j + ".png").toFile());
        progress.progress("", 0, 0);
      }
      ObjectNode line = JSON.createObjectNode();
      line.put("Index", i);
      line.put("Source", "taskaware-demo");
      line.put("Question_Type", "yes_no");
      line.put("Question_0", "Is the " + name(k) + " " + a.name() + "?");
      line.put("Question_1", "Is the " + name(k) + " " + b.name() + "?");
      line.put("Image_0", "images/nb_" + i + "_0.png");
      line.put("Image_1", "images/nb_" + i + "_1.png");
      line.put("Image_0_Question_0", "Yes");
      line.put("Image_1_Question_0", "No");
      line.put("Image_0_Question_1", "No");
      line.put("Image_1_Question_1", "Yes");
      lines.append(JSON.writeValueAsString(line)).append('\n');
    }
    Files.writeString(folder.resolve(NaturalBenchDataset.FILE), lines.toString());
  }
}
