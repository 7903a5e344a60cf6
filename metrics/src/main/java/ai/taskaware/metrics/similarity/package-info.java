/**
 * Similarity between the features of aligned image pairs, e.g. an image and its edited or
 * re-encoded counterpart: the cosine similarity of corresponding tokens, averaged. Entry point:
 * {@link ai.taskaware.metrics.similarity.TokenCosineSimilarity}.
 */
package ai.taskaware.metrics.similarity;
