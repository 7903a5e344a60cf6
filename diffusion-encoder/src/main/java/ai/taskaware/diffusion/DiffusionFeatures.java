package ai.taskaware.diffusion;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Extracted features: per requested tap (under the name as requested) one array per timestep, or a
 * single one when timesteps were averaged. Row r of every array belongs to {@code rows().get(r)}.
 *
 * @param rows the (image, prompt) pair of each output row, image-major in request order
 * @param timesteps the timesteps, in request order
 * @param ensembled whether the values are the mean over the timesteps (one array per tap)
 * @param values per tap, one array per timestep (or one when ensembled)
 */
public record DiffusionFeatures(
    List<Row> rows,
    List<Integer> timesteps,
    boolean ensembled,
    Map<String, List<INDArray>> values) {

  /** Copies. */
  public DiffusionFeatures {
    rows = List.copyOf(rows);
    timesteps = List.copyOf(timesteps);
    Map<String, List<INDArray>> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    values = Collections.unmodifiableMap(copy);
  }

  /**
   * The features of {@code tap}: the timestep mean when ensembled, else those of the only timestep.
   *
   * @throws IllegalArgumentException when {@code tap} was not requested, or when there are several
   *     timesteps and they were not averaged
   */
  public INDArray get(String tap) {
    List<INDArray> perTimestep = list(tap);
    if (perTimestep.size() != 1) {
      throw new IllegalArgumentException(
          "features of " + tap + " exist for " + timesteps + "; use get(tap, timestep)");
    }
    return perTimestep.get(0);
  }

  /**
   * The features of {@code tap} at {@code timestep}.
   *
   * @throws IllegalArgumentException when {@code tap} or {@code timestep} was not requested or the
   *     timesteps were averaged
   */
  public INDArray get(String tap, int timestep) {
    int i = timesteps.indexOf(timestep);
    if (ensembled || i < 0) {
      throw new IllegalArgumentException(
          "no separate features at timestep "
              + timestep
              + " (timesteps "
              + timesteps
              + (ensembled ? ", averaged)" : ")"));
    }
    return list(tap).get(i);
  }

  private List<INDArray> list(String tap) {
    List<INDArray> v = values.get(tap);
    if (v == null) {
      throw new IllegalArgumentException(
          "tap " + tap + " was not requested; requested: " + values.keySet());
    }
    return v;
  }

  /**
   * One output row.
   *
   * @param image index of the image in the request
   * @param prompt the prompt ({@code ""} for unconditional)
   */
  public record Row(int image, String prompt) {}
}
