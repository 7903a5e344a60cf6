package ai.taskaware.metrics.pca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.taskaware.core.image.RgbImage;
import ai.taskaware.metrics.MetricInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

class FeatureMapPcaTest {
  private static final int SIDE = 8;
  private static final int CHANNELS = 16;
  private static final double[] AMPLITUDES = {3, 2, 1};

  /**
   * Three orthonormal directions in channel space, from the QR decomposition of a random matrix.
   */
  private static double[][] plantedDirections(Random random) {
    double[][] m = new double[CHANNELS][3];
    for (double[] row : m) {
      for (int k = 0; k < 3; k++) {
        row[k] = random.nextGaussian();
      }
    }
    RealMatrix q = new QRDecomposition(new Array2DRowRealMatrix(m)).getQ();
    double[][] directions = new double[3][];
    for (int k = 0; k < 3; k++) {
      directions[k] = Arrays.copyOf(q.getColumn(k), CHANNELS);
    }
    return directions;
  }

  /**
   * Coefficient of direction k for pixel (x, y) of map m: k = 0 tells the two maps apart (+3 / −3),
   * k = 1 the left half from the right (±2), k = 2 is a ±1 checkerboard. The three patterns have
   * zero mean and are uncorrelated over the pair, with variances 9, 4 and 1.
   */
  private static double coefficient(int k, int m, int x, int y) {
    double sign =
        switch (k) {
          case 0 -> m == 0 ? 1 : -1;
          case 1 -> x < SIDE / 2 ? 1 : -1;
          default -> (x + y) % 2 == 0 ? 1 : -1;
        };
    return AMPLITUDES[k] * sign;
  }

  private static FeatureMap plantedMap(int m, double[][] directions, double[] offset, Random r) {
    double[][] tokens = new double[SIDE * SIDE][CHANNELS];
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        double[] token = tokens[y * SIDE + x];
        for (int c = 0; c < CHANNELS; c++) {
          token[c] = offset[c] + 1e-4 * r.nextGaussian();
          for (int k = 0; k < 3; k++) {
            token[c] += coefficient(k, m, x, y) * directions[k][c];
          }
        }
      }
    }
    return new FeatureMap(Nd4j.create(tokens), SIDE, SIDE);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void jointPcaRecoversPlantedDirectionsAndColoursTheExpectedPattern() {
    Random random = new Random(7);
    double[][] directions = plantedDirections(random);
    double[] offset = random.doubles(CHANNELS, -5, 5).toArray();
    List<FeatureMap> pair =
        List.of(
            plantedMap(0, directions, offset, random), plantedMap(1, directions, offset, random));

    PcaMaps pca = FeatureMapPca.joint(pair);

    double[][] components = pca.components();
    double[] signs = new double[3];
    for (int k = 0; k < 3; k++) {
      double cosine = dot(components[k], directions[k]);
      assertThat(Math.abs(cosine)).as("component %d", k).isGreaterThanOrEqualTo(0.999);
      assertThat(Math.sqrt(dot(components[k], components[k]))).isCloseTo(1.0, within(1e-12));
      signs[k] = Math.signum(cosine);
    }
    // Singular values of the centered stack: amplitude × √(tokens).
    double[] singular = pca.singularValues();
    for (int k = 0; k < 3; k++) {
      assertThat(singular[k]).isCloseTo(AMPLITUDES[k] * Math.sqrt(2 * SIDE * SIDE), within(1e-2));
    }
    assertThat(pca.mean()).containsExactly(offset, within(1e-4));
    for (int m = 0; m < 2; m++) {
      RgbImage image = pca.image(m);
      assertThat(image.width()).isEqualTo(SIDE);
      assertThat(image.height()).isEqualTo(SIDE);
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          for (int k = 0; k < 3; k++) {
            int expected = signs[k] * coefficient(k, m, x, y) > 0 ? 255 : 0;
            assertThat(image.get(x, y, k))
                .as("map %d pixel (%d, %d) channel %d", m, x, y, k)
                .isCloseTo(expected, within(1));
          }
        }
      }
    }
  }

  @Test
  void pcaOfTheDifferenceMapIsolatesWhatConditioningChanged() {
    Random random = new Random(13);
    double[][] directions = plantedDirections(random);
    double[][] conditional = new double[SIDE * SIDE][CHANNELS];
    double[][] unconditional = new double[SIDE * SIDE][CHANNELS];
    double[][] difference = new double[SIDE * SIDE][CHANNELS];
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        int t = y * SIDE + x;
        for (int c = 0; c < CHANNELS; c++) {
          // Shared content ten times stronger than the change, in no particular direction.
          double content = 10 * random.nextGaussian();
          unconditional[t][c] = content;
          conditional[t][c] =
              content
                  + coefficient(1, 0, x, y) * directions[0][c]
                  + coefficient(2, 0, x, y) * directions[1][c];
          difference[t][c] = conditional[t][c] - unconditional[t][c];
        }
      }
    }
    PcaMaps pca = FeatureMapPca.of(new FeatureMap(Nd4j.create(difference), SIDE, SIDE));
    PcaMaps joint =
        FeatureMapPca.joint(
            List.of(
                new FeatureMap(Nd4j.create(conditional), SIDE, SIDE),
                new FeatureMap(Nd4j.create(unconditional), SIDE, SIDE)));

    assertThat(Math.abs(dot(pca.components()[0], directions[0]))).isGreaterThanOrEqualTo(0.999);
    assertThat(Math.abs(dot(pca.components()[1], directions[1]))).isGreaterThanOrEqualTo(0.999);
    assertThat(Math.abs(dot(joint.components()[0], directions[0]))).isLessThan(0.9);
  }

  @Test
  void componentsEqualTheCovarianceEigenvectorsUpToSign() {
    Random random = new Random(11);
    int tokens = 48;
    int channels = 6;
    double[] scales = {5, 3, 2, 1, 0.5, 0.25};
    double[][] data = new double[tokens][channels];
    for (double[] row : data) {
      for (int c = 0; c < channels; c++) {
        row[c] = scales[c] * random.nextGaussian() + c;
      }
    }
    // Mix the channels so that the eigenvectors are not coordinate axes.
    RealMatrix mixed =
        new Array2DRowRealMatrix(data)
            .multiply(new QRDecomposition(randomMatrix(random, channels)).getQ());
    PcaMaps pca = FeatureMapPca.of(new FeatureMap(Nd4j.create(mixed.getData()), 6, 8));

    RealMatrix centered = mixed.copy();
    for (int c = 0; c < channels; c++) {
      double mean = Arrays.stream(mixed.getColumn(c)).average().orElseThrow();
      for (int t = 0; t < tokens; t++) {
        centered.addToEntry(t, c, -mean);
      }
    }
    EigenDecomposition eigen = new EigenDecomposition(centered.transpose().multiply(centered));
    Integer[] order = IntStream.range(0, channels).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> -eigen.getRealEigenvalue(i)));
    double[][] components = pca.components();
    double[] singular = pca.singularValues();
    for (int k = 0; k < 3; k++) {
      double[] eigenvector = eigen.getEigenvector(order[k]).toArray();
      double sign = Math.signum(dot(components[k], eigenvector));
      for (int c = 0; c < channels; c++) {
        assertThat(components[k][c]).isCloseTo(sign * eigenvector[c], within(1e-6));
      }
      double eigenvalue = eigen.getRealEigenvalue(order[k]);
      assertThat(singular[k] * singular[k]).isCloseTo(eigenvalue, within(1e-9 * eigenvalue));
    }
  }

  @Test
  void withFewerTokensThanChannelsComponentsEqualTheRightSingularVectorsOfTheCenteredTokens() {
    // 12 tokens in 40 channels takes the token-Gram path (AAᵀ, then v = Aᵀu / σ); Commons Math's
    // one-sided SVD of the centered matrix is the independent reference.
    Random random = new Random(17);
    int tokens = 12;
    int channels = 40;
    double[][] data = new double[tokens][channels];
    for (int t = 0; t < tokens; t++) {
      for (int c = 0; c < channels; c++) {
        data[t][c] = (c % 5 + 1) * random.nextGaussian() + 0.1 * c;
      }
    }
    PcaMaps pca = FeatureMapPca.of(new FeatureMap(Nd4j.create(data), 3, 4));

    RealMatrix centered = new Array2DRowRealMatrix(data);
    for (int c = 0; c < channels; c++) {
      double mean = Arrays.stream(centered.getColumn(c)).average().orElseThrow();
      for (int t = 0; t < tokens; t++) {
        centered.addToEntry(t, c, -mean);
      }
    }
    SingularValueDecomposition svd = new SingularValueDecomposition(centered);
    for (int k = 0; k < 3; k++) {
      double[] reference = svd.getV().getColumn(k);
      double sign = Math.signum(dot(pca.components()[k], reference));
      for (int c = 0; c < channels; c++) {
        assertThat(pca.components()[k][c]).isCloseTo(sign * reference[c], within(1e-9));
      }
      assertThat(pca.singularValues()[k])
          .isCloseTo(svd.getSingularValues()[k], within(1e-10 * svd.getSingularValues()[0]));
    }
  }

  private static RealMatrix randomMatrix(Random random, int n) {
    double[][] m = new double[n][n];
    for (double[] row : m) {
      for (int c = 0; c < n; c++) {
        row[c] = random.nextGaussian();
      }
    }
    return new Array2DRowRealMatrix(m);
  }

  @Test
  void signConventionMakesTheLargestLoadingPositiveWhateverTheInputSignOrTokenOrder() {
    Random random = new Random(3);
    double[][] data = new double[30][5];
    for (double[] row : data) {
      for (int c = 0; c < 5; c++) {
        row[c] = (c + 1) * random.nextGaussian();
      }
    }
    double[][] negated = new double[30][];
    List<double[]> shuffled = new ArrayList<>();
    for (int t = 0; t < 30; t++) {
      negated[t] = Arrays.stream(data[t]).map(v -> -v).toArray();
      shuffled.add(data[t]);
    }
    Collections.shuffle(shuffled, random);

    double[][] reference = FeatureMapPca.of(new FeatureMap(Nd4j.create(data), 5, 6)).components();
    for (double[] component : reference) {
      double largest = Arrays.stream(component).map(Math::abs).max().orElseThrow();
      assertThat(
              Arrays.stream(component)
                  .filter(v -> Math.abs(v) == largest)
                  .findFirst()
                  .orElseThrow())
          .isPositive();
    }
    double[][] fromNegated =
        FeatureMapPca.of(new FeatureMap(Nd4j.create(negated), 5, 6)).components();
    double[][] fromShuffled =
        FeatureMapPca.of(new FeatureMap(Nd4j.create(shuffled.toArray(double[][]::new)), 5, 6))
            .components();
    for (int k = 0; k < 3; k++) {
      assertThat(fromNegated[k]).containsExactly(reference[k], within(1e-10));
      assertThat(fromShuffled[k]).containsExactly(reference[k], within(1e-10));
    }
  }

  @Test
  void signFixFlipsOnlyWhenTheFirstLargestEntryIsNegative() {
    double[] tie = {0.5, -0.7, 0.7, 0.1};
    FeatureMapPca.fixSign(tie);
    assertThat(tie).containsExactly(-0.5, 0.7, -0.7, -0.1);
    double[] positive = {0.1, 0.9};
    FeatureMapPca.fixSign(positive);
    assertThat(positive).containsExactly(0.1, 0.9);
  }

  @Test
  void jointPcaOfOneMapEqualsPerImagePcaAndADuplicatedMapChangesNothingButScale() {
    Random random = new Random(5);
    double[][] directions = plantedDirections(random);
    FeatureMap map = plantedMap(0, directions, new double[CHANNELS], random);

    PcaMaps single = FeatureMapPca.of(map);
    PcaMaps perImage = FeatureMapPca.perImage(List.of(map, map)).get(1);
    PcaMaps joint = FeatureMapPca.joint(List.of(map));
    PcaMaps doubled = FeatureMapPca.joint(List.of(map, map));

    assertThat(perImage.mapCount()).isEqualTo(1);
    assertThat(doubled.mapCount()).isEqualTo(2);
    for (int k = 0; k < 3; k++) {
      assertThat(joint.components()[k]).containsExactly(single.components()[k], within(0.0));
      assertThat(perImage.components()[k]).containsExactly(single.components()[k], within(0.0));
      // Components come from a Gram matrix (squared singular values), so the stacked input's
      // different rounding shows at ~1e-8; an 8-bit image cannot see it (asserted below).
      assertThat(doubled.components()[k]).containsExactly(single.components()[k], within(1e-7));
      assertThat(doubled.singularValues()[k])
          .isCloseTo(Math.sqrt(2) * single.singularValues()[k], within(1e-9));
    }
    assertThat(perImage.image(0)).isEqualTo(single.image(0));
    assertThat(doubled.image(1)).isEqualTo(single.image(0));
  }

  @Test
  void upsamplesWithNearestNeighbourAndWritesAReadablePng(@TempDir Path dir) throws Exception {
    Random random = new Random(9);
    double[][] directions = plantedDirections(random);
    PcaMaps pca = FeatureMapPca.of(plantedMap(1, directions, new double[CHANNELS], random));
    RgbImage small = pca.image(0);

    RgbImage large = pca.image(0, 4 * SIDE, 3 * SIDE);
    assertThat(large.width()).isEqualTo(4 * SIDE);
    assertThat(large.height()).isEqualTo(3 * SIDE);
    for (int y = 0; y < large.height(); y++) {
      for (int x = 0; x < large.width(); x++) {
        for (int c = 0; c < 3; c++) {
          assertThat(large.get(x, y, c)).isEqualTo(small.get(x / 4, y / 3, c));
        }
      }
    }
    Path file = dir.resolve("nested/pca.png");
    pca.writePng(0, 4 * SIDE, 3 * SIDE, file);
    assertThat(RgbImage.of(ImageIO.read(file.toFile()))).isEqualTo(large);
  }

  @Test
  void badInputGetsTypedErrorsNamingTheMap() {
    FeatureMap fourChannels = FeatureMap.square(Nd4j.rand(4, 4));
    FeatureMap fiveChannels = FeatureMap.square(Nd4j.rand(4, 5));
    assertThatThrownBy(() -> FeatureMapPca.joint(List.of(fourChannels, fiveChannels)))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("maps[1]")
        .hasMessageContaining("5 channels");

    double[][] withNan = new double[4][4];
    withNan[2][3] = Double.NaN;
    assertThatThrownBy(
            () ->
                FeatureMapPca.joint(List.of(fourChannels, FeatureMap.square(Nd4j.create(withNan)))))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("maps[1]")
        .hasMessageContaining("[2, 3] is NaN");

    assertThatThrownBy(() -> FeatureMapPca.of(new FeatureMap(Nd4j.rand(2, 8), 1, 2)))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("2 tokens");
    assertThatThrownBy(() -> FeatureMapPca.of(new FeatureMap(Nd4j.rand(6, 2), 2, 3)))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("2 channels");
    assertThatThrownBy(() -> FeatureMapPca.joint(List.of()))
        .isInstanceOf(MetricInputException.class);
    assertThatThrownBy(() -> new FeatureMap(Nd4j.rand(6, 4), 2, 2))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("2×2 grid needs a (4 × channels)");
    assertThatThrownBy(() -> FeatureMap.square(Nd4j.rand(6, 4)))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("square");
    PcaMaps pca = FeatureMapPca.of(fourChannels);
    assertThatThrownBy(() -> pca.image(1)).isInstanceOf(MetricInputException.class);
    assertThatThrownBy(() -> FeatureMapPca.of(null))
        .isInstanceOf(MetricInputException.class)
        .hasMessageContaining("maps[0]: is null");
    assertThatThrownBy(
            () ->
                FeatureMapPca.perImage(
                    List.of(fourChannels, new FeatureMap(Nd4j.rand(2, 8), 1, 2))))
        .isInstanceOf(MetricInputException.class)
        .hasMessage("maps[1]: got 2 tokens in all, at least 3 are needed");
  }

  @Test
  void fewerTokensThanChannelsAndRankBelowThreeStillGiveDefinedImages() {
    // 4 tokens in 8 channels: the centered stack has rank 3 at most.
    double[][] data = new double[4][8];
    for (int t = 0; t < 4; t++) {
      data[t][t] = 1.0;
    }
    PcaMaps pca = FeatureMapPca.of(new FeatureMap(Nd4j.create(data), 2, 2));
    assertThat(pca.singularValues()[2]).isGreaterThan(0.1);
    // Two distinct tokens: rank 1, so components 2 and 3 have no spread and show as 0.
    double[][] twoValues = {{1, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 1, 0}};
    RgbImage image = FeatureMapPca.of(new FeatureMap(Nd4j.create(twoValues), 2, 2)).image(0);
    for (int t = 0; t < 4; t++) {
      assertThat(image.get(t % 2, t / 2, 1)).isZero();
      assertThat(image.get(t % 2, t / 2, 2)).isZero();
    }
    assertThat(image.get(0, 0, 0) + image.get(0, 1, 0)).isEqualTo(255);
  }
}
