package ai.taskaware.diffusion.schedule;

/** A timestep outside {@code [0, num_train_timesteps)} of the schedule it is used with. */
public final class TimestepOutOfRangeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final long timestep;
  private final int trainTimesteps;

  /**
   * @param timestep the offending timestep
   * @param trainTimesteps the schedule's {@code num_train_timesteps}
   * @param source where the schedule came from (a file or a description), for the message
   */
  public TimestepOutOfRangeException(long timestep, int trainTimesteps, String source) {
    super(
        "timestep "
            + timestep
            + " is outside [0, "
            + trainTimesteps
            + ") of the noise schedule "
            + source
            + " (num_train_timesteps = "
            + trainTimesteps
            + ")");
    this.timestep = timestep;
    this.trainTimesteps = trainTimesteps;
  }

  /** The offending timestep. */
  public long timestep() {
    return timestep;
  }

  /** The schedule's {@code num_train_timesteps}. */
  public int trainTimesteps() {
    return trainTimesteps;
  }
}
