package ai.taskaware.llm.llama;

import java.nio.file.Path;
import java.util.List;

/** A checkpoint whose {@code config.json} names a model class this package cannot build. */
public final class UnsupportedArchitectureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String architecture;

  UnsupportedArchitectureException(Path config, String architecture, List<String> supported) {
    super(
        config
            + ": architecture '"
            + architecture
            + "' is not supported, expected one of "
            + supported);
    this.architecture = architecture;
  }

  /** The rejected architecture (or model type) name. */
  public String architecture() {
    return architecture;
  }
}
