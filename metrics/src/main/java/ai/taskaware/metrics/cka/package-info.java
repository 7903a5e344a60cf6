/**
 * Centered kernel alignment (Kornblith et al. 2019) on ND4J in float64 with BLAS products: linear
 * CKA in Gram and feature-space form, RBF CKA with the reference notebook's median bandwidth,
 * debiased linear CKA from U-centered Grams, layer-by-layer CKA matrices, and minibatch CKA (Nguyen
 * et al. 2021) that accumulates unbiased HSIC over minibatches for large example counts.
 *
 * <p>Rows are examples and columns are features; both representations must have the same rows in
 * the same order. Entry points: {@link ai.taskaware.metrics.cka.Cka} and {@link
 * ai.taskaware.metrics.cka.MinibatchCka}.
 */
package ai.taskaware.metrics.cka;
