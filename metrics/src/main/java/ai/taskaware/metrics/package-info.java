/**
 * Representation and captioning metrics that reproduce their reference implementations to the
 * printed digit: CKA ({@link ai.taskaware.metrics.cka}), pair similarity ({@link
 * ai.taskaware.metrics.similarity}) and pycocoevalcap's caption metrics ({@link
 * ai.taskaware.metrics.caption}; SPICE in {@link ai.taskaware.metrics.spice} follows SPICE 1.0 but
 * parses with a newer CoreNLP, so it is close to, not equal to, SPICE 1.0); PCA maps of feature
 * maps ({@link ai.taskaware.metrics.pca}) and the figures that show them ({@link
 * ai.taskaware.metrics.figure}). Bad input is reported with {@link
 * ai.taskaware.metrics.MetricInputException}.
 */
package ai.taskaware.metrics;
