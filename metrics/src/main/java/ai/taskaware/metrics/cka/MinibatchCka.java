package ai.taskaware.metrics.cka;

import ai.taskaware.metrics.FeatureMatrix;
import ai.taskaware.metrics.MetricInputException;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Minibatch CKA (Nguyen, Raghu and Kornblith 2021) for example counts too large for one n × n Gram
 * matrix: every minibatch contributes the unbiased HSIC estimate ⟨ũ(K), ũ(L)⟩ / (m(m − 3)) of each
 * layer pair, and CKA is the mean cross HSIC over √(mean HSIC(K, K) · mean HSIC(L, L)). Each
 * minibatch weighs the same regardless of its size; with a single batch this equals {@link
 * Cka#debiasedLinear}.
 *
 * <p>Not thread-safe: feed batches from one thread.
 */
public final class MinibatchCka {
  private final int layersA;
  private final int layersB;
  private final double[][] crossHsic;
  private final double[] selfHsicA;
  private final double[] selfHsicB;
  private int batches;

  /** An accumulator for a {@code layersA} × {@code layersB} CKA matrix. */
  public MinibatchCka(int layersA, int layersB) {
    if (layersA < 1 || layersB < 1) {
      throw new MetricInputException(
          "minibatch CKA: layer counts must be ≥ 1, got " + layersA + " × " + layersB);
    }
    this.layersA = layersA;
    this.layersB = layersB;
    this.crossHsic = new double[layersA][layersB];
    this.selfHsicA = new double[layersA];
    this.selfHsicB = new double[layersB];
  }

  /**
   * Adds one minibatch: the features of the same m ≥ 4 examples at every layer of both models (rows
   * = examples).
   */
  public void update(List<INDArray> batchA, List<INDArray> batchB) {
    List<INDArray> gramsA = uCenteredGrams("batchA", batchA, layersA, -1);
    List<INDArray> gramsB = uCenteredGrams("batchB", batchB, layersB, gramsA.get(0).rows());
    double m = gramsA.get(0).rows();
    double scale = 1.0 / (m * (m - 3));
    for (int i = 0; i < layersA; i++) {
      selfHsicA[i] += scale * Grams.frobeniusDot(gramsA.get(i), gramsA.get(i));
    }
    for (int j = 0; j < layersB; j++) {
      selfHsicB[j] += scale * Grams.frobeniusDot(gramsB.get(j), gramsB.get(j));
    }
    for (int i = 0; i < layersA; i++) {
      for (int j = 0; j < layersB; j++) {
        crossHsic[i][j] += scale * Grams.frobeniusDot(gramsA.get(i), gramsB.get(j));
      }
    }
    gramsA.forEach(INDArray::close);
    gramsB.forEach(INDArray::close);
    batches++;
  }

  /** Convenience for a single layer pair: adds one minibatch of {@code x} and {@code y}. */
  public void update(INDArray x, INDArray y) {
    update(List.of(x), List.of(y));
  }

  /** The number of minibatches added so far. */
  public int batches() {
    return batches;
  }

  /**
   * The CKA matrix over all minibatches added so far; entry [i][j] compares A's layer i with B's j.
   */
  public double[][] result() {
    if (batches == 0) {
      throw new MetricInputException("minibatch CKA: no minibatch was added before asking for CKA");
    }
    double[][] cka = new double[layersA][layersB];
    for (int i = 0; i < layersA; i++) {
      for (int j = 0; j < layersB; j++) {
        // The 1/batches of each mean cancels between numerator and denominator.
        cka[i][j] = crossHsic[i][j] / Math.sqrt(selfHsicA[i] * selfHsicB[j]);
      }
    }
    return cka;
  }

  private static List<INDArray> uCenteredGrams(
      String name, List<INDArray> layers, int expectedLayers, long expectedRows) {
    if (layers == null || layers.size() != expectedLayers) {
      throw new MetricInputException(
          name
              + ": expected features for "
              + expectedLayers
              + " layers, got "
              + (layers == null ? "null" : layers.size()));
    }
    List<INDArray> grams = new ArrayList<>(layers.size());
    long rows = expectedRows;
    for (int i = 0; i < layers.size(); i++) {
      INDArray features = FeatureMatrix.checked(name + "[" + i + "]", layers.get(i), rows, 4);
      rows = features.rows();
      INDArray gram = Grams.linear(features);
      FeatureMatrix.releaseCopy(features, layers.get(i));
      grams.add(Grams.uCentered(gram));
      gram.close();
    }
    return grams;
  }
}
