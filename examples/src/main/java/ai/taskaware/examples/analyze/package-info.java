/**
 * {@code taskaware analyze}: PCA maps, CKA across taps and per-word cross-attention overlays of
 * given images, as PNG figures with JSON numbers and provenance.
 */
package ai.taskaware.examples.analyze;
