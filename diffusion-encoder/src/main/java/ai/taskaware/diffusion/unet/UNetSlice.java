package ai.taskaware.diffusion.unet;

import ai.taskaware.core.graph.Graph;
import ai.taskaware.diffusion.tap.TapName;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A built U-Net graph and where its taps come out. Inputs are {@value UNetGraph#SAMPLE} (float32
 * B×C×H×W), {@value UNetGraph#TIMESTEP} (int64, a scalar or one per batch row) and {@value
 * UNetGraph#ENCODER_HIDDEN_STATES} (float32 B×S×D); batch, height, width and S are symbolic.
 *
 * @param graph the graph, with one output per tap
 * @param outputs the graph output name of each requested tap, in request order
 */
public record UNetSlice(Graph graph, Map<TapName, String> outputs) {

  /** Copies the output map, keeping its order. */
  public UNetSlice {
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
  }

  /**
   * The graph output holding {@code tap}.
   *
   * @throws IllegalArgumentException when the slice was not built for {@code tap}
   */
  public String outputName(TapName tap) {
    String name = outputs.get(tap);
    if (name == null) {
      throw new IllegalArgumentException(
          "tap " + tap + " was not requested from this slice; it has " + outputs.keySet());
    }
    return name;
  }
}
