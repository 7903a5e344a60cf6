package ai.taskaware.benchmarks;

import ai.taskaware.benchmarks.harness.RunSettings;
import ai.taskaware.core.image.RgbImage;
import ai.taskaware.core.model.GenerationSettings;
import ai.taskaware.core.model.ImageTextScorer;
import ai.taskaware.core.model.ProgressListener;
import ai.taskaware.core.model.VqaModel;
import ai.taskaware.core.provenance.Provenance;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.ToDoubleBiFunction;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Test fixtures: synthetic images, resource copies and scripted model doubles. */
public final class Fixtures {

  private Fixtures() {}

  /** Writes an 8×8 image of grey level {@code grey} (PNG or JPEG by extension). */
  public static Path image(Path file, int grey) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      g.setColor(new Color(grey, grey, grey));
      g.fillRect(0, 0, 8, 8);
      g.dispose();
      String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
      ImageIO.write(image, name.endsWith(".png") ? "png" : "jpg", file.toFile());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Mean grey level of an image (robust to JPEG rounding). */
  public static double grey(RgbImage image) {
    double sum = 0;
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        sum += image.get(x, y, 0);
      }
    }
    return sum / (image.width() * image.height());
  }

  /** Copies test resource {@code resource} to {@code target}. */
  public static Path copy(String resource, Path target) {
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      Files.createDirectories(target.toAbsolutePath().getParent());
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Run settings writing to {@code dir}. */
  public static RunSettings settings(Path dir, boolean resume) {
    return new RunSettings(
        dir, resume, Provenance.of("benchmarks-vqa/test"), ProgressListener.NONE);
  }

  /** Greedy decoding, as the fakes ignore it anyway. */
  public static final GenerationSettings GREEDY = GenerationSettings.greedy(16);

  /**
   * A scripted {@link VqaModel}: answers with {@code script(images, prompt)}; after {@code
   * failAfter} answers it throws, to simulate a run killed mid-way.
   */
  public static final class ScriptedVqaModel implements VqaModel {
    private final BiFunction<List<RgbImage>, String, String> script;
    private final int failAfter;
    private final AtomicInteger calls = new AtomicInteger();

    public ScriptedVqaModel(BiFunction<List<RgbImage>, String, String> script) {
      this(script, Integer.MAX_VALUE);
    }

    public ScriptedVqaModel(BiFunction<List<RgbImage>, String, String> script, int failAfter) {
      this.script = script;
      this.failAfter = failAfter;
    }

    /** Answers given so far. */
    public int calls() {
      return calls.get();
    }

    @Override
    public String answer(List<RgbImage> images, String prompt, GenerationSettings settings) {
      if (calls.get() >= failAfter) {
        throw new IllegalStateException("simulated kill after " + failAfter + " answers");
      }
      calls.incrementAndGet();
      return script.apply(images, prompt);
    }

    @Override
    public double[] scoreOptions(List<RgbImage> images, String prompt, List<String> options) {
      return new double[options.size()];
    }

    @Override
    public void close() {}
  }

  /** A scripted {@link ImageTextScorer}: {@code score(image, text)} per cell. */
  public static final class ScriptedScorer implements ImageTextScorer {
    private final ToDoubleBiFunction<RgbImage, String> cell;
    private final AtomicInteger calls = new AtomicInteger();

    public ScriptedScorer(ToDoubleBiFunction<RgbImage, String> cell) {
      this.cell = cell;
    }

    /** Matrices computed so far. */
    public int calls() {
      return calls.get();
    }

    @Override
    public INDArray score(List<RgbImage> images, List<String> texts) {
      calls.incrementAndGet();
      double[][] out = new double[images.size()][texts.size()];
      for (int i = 0; i < images.size(); i++) {
        for (int t = 0; t < texts.size(); t++) {
          out[i][t] = cell.applyAsDouble(images.get(i), texts.get(t));
        }
      }
      return Nd4j.create(out).castTo(DataType.DOUBLE);
    }

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public void close() {}
  }
}
