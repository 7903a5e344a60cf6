package ai.taskaware.diffusion.schedule;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The result of one deterministic DDIM step ({@code eta = 0}).
 *
 * @param prevSample {@code x_{t−Δ}}
 * @param predOriginalSample the predicted {@code x_0}
 */
public record DdimStep(INDArray prevSample, INDArray predOriginalSample) {}
