/**
 * PCA maps of feature maps as in the paper's figures: the tokens of one or several (height·width ×
 * channels) feature maps are stacked, centered by their joint mean and decomposed with LAPACK's
 * {@code gesvd}; the top three components, min–max scaled over the whole set, become the red, green
 * and blue channels of one image per map. Joint PCA over an image pair gives both images the same
 * basis and the same colour scale, so equal colours mean equal features. Entry point: {@link
 * ai.taskaware.metrics.pca.FeatureMapPca}.
 */
package ai.taskaware.metrics.pca;
