/**
 * Representation and captioning metrics that reproduce their reference implementations to the
 * printed digit: CKA ({@link ai.taskaware.metrics.cka}), pair similarity ({@link
 * ai.taskaware.metrics.similarity}) and pycocoevalcap's caption metrics ({@link
 * ai.taskaware.metrics.caption}). Bad input is reported with {@link
 * ai.taskaware.metrics.MetricInputException}.
 */
package ai.taskaware.metrics;
