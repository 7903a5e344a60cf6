package ai.taskaware.metrics.cka;

import ai.taskaware.metrics.MetricInputException;

/**
 * Which CKA to compute: the kernel applied to each representation and whether HSIC is estimated
 * with U-centered (debiased) Gram matrices.
 *
 * @param kernel the kernel building each Gram matrix
 * @param rbfThreshold for {@link Kernel#RBF}, the bandwidth as a fraction of the median distance;
 *     ignored (and 0) for {@link Kernel#LINEAR}
 * @param debiased true for the unbiased HSIC estimator (needs at least 4 examples)
 */
public record CkaVariant(Kernel kernel, double rbfThreshold, boolean debiased) {

  /** The kernel applied to a representation's rows. */
  public enum Kernel {
    /** k(a, b) = a·b. */
    LINEAR,
    /** k(a, b) = exp(−‖a − b‖² / (2 σ²)) with σ² = threshold² · median squared distance. */
    RBF
  }

  /** Validates the threshold for RBF kernels. */
  public CkaVariant {
    if (kernel == null) {
      throw new MetricInputException("CKA variant: kernel must be LINEAR or RBF, was null");
    }
    if (kernel == Kernel.RBF && !(rbfThreshold > 0 && Double.isFinite(rbfThreshold))) {
      throw new MetricInputException(
          "CKA variant: RBF threshold must be a finite number > 0, was " + rbfThreshold);
    }
    if (kernel == Kernel.LINEAR) {
      rbfThreshold = 0;
    }
  }

  /** Linear CKA with the biased (HKH-centered) HSIC estimator. */
  public static CkaVariant linear() {
    return new CkaVariant(Kernel.LINEAR, 0, false);
  }

  /** Linear CKA with U-centered Gram matrices (unbiased HSIC). */
  public static CkaVariant debiasedLinear() {
    return new CkaVariant(Kernel.LINEAR, 0, true);
  }

  /** RBF CKA with σ = threshold × √(median squared distance), biased HSIC estimator. */
  public static CkaVariant rbf(double threshold) {
    return new CkaVariant(Kernel.RBF, threshold, false);
  }

  /** The fewest examples this variant can score. */
  int minimumRows() {
    return debiased ? 4 : 2;
  }
}
