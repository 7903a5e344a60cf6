package ai.taskaware.diffusion.schedule;

import ai.taskaware.core.checkpoint.CheckpointException;
import ai.taskaware.core.checkpoint.config.SchedulerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The DDPM forward-process schedule of a diffusers scheduler config, in float32 as diffusers 0.27
 * computes it with PyTorch on the CPU, plus a float64 version for reference.
 *
 * <p>Betas: {@code linear} = {@code torch.linspace(beta_start, beta_end, N, float32)}; {@code
 * scaled_linear} = {@code linspace(√beta_start, √beta_end, N, float32)²}; {@code squaredcos_cap_v2}
 * = {@code betas_for_alpha_bar} (cosine ᾱ, {@code max_beta} 0.999, float64 then rounded); or {@code
 * trained_betas}. {@code alphas = 1 − betas}; {@code alphas_cumprod} is PyTorch's CPU {@code
 * cumprod}, which accumulates in float64 and rounds each prefix to float32; {@code
 * rescale_betas_zero_snr} is applied as diffusers does. Square roots are correctly rounded float32,
 * like {@code tensor ** 0.5}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class NoiseSchedule {

  private final SchedulerConfig config;
  private final String source;
  private final float[] betas;
  private final float[] alphas;
  private final float[] alphasCumprod;
  private final double[] betasF64;
  private final double[] alphasCumprodF64;

  private NoiseSchedule(SchedulerConfig config, String source) {
    this.config = config;
    this.source = source;
    int n = config.numTrainTimesteps();
    if (n < 1) {
      throw new IllegalArgumentException(source + ": num_train_timesteps must be >= 1, got " + n);
    }
    float[] b;
    double[] b64;
    if (config.trainedBetas() != null) {
      List<Double> trained = config.trainedBetas();
      if (trained.size() != n) {
        throw new IllegalArgumentException(
            source
                + ": trained_betas has "
                + trained.size()
                + " values but num_train_timesteps is "
                + n);
      }
      b = new float[n];
      b64 = new double[n];
      for (int i = 0; i < n; i++) {
        b64[i] = trained.get(i);
        b[i] = (float) b64[i];
      }
    } else {
      String kind = config.betaSchedule();
      switch (kind == null ? "" : kind) {
        case "linear" -> {
          b = Float32Linspace.of((float) config.betaStart(), (float) config.betaEnd(), n);
          b64 = Float32Linspace.ofDouble(config.betaStart(), config.betaEnd(), n);
        }
        case "scaled_linear" -> {
          b =
              Float32Linspace.of(
                  (float) Math.sqrt(config.betaStart()), (float) Math.sqrt(config.betaEnd()), n);
          for (int i = 0; i < n; i++) {
            b[i] = b[i] * b[i];
          }
          b64 =
              Float32Linspace.ofDouble(
                  Math.sqrt(config.betaStart()), Math.sqrt(config.betaEnd()), n);
          for (int i = 0; i < n; i++) {
            b64[i] = b64[i] * b64[i];
          }
        }
        case "squaredcos_cap_v2" -> {
          b64 = cosineBetas(n);
          b = new float[n];
          for (int i = 0; i < n; i++) {
            b[i] = (float) b64[i];
          }
        }
        default ->
            throw new IllegalArgumentException(
                source
                    + ": beta_schedule \""
                    + kind
                    + "\" is not one of linear, scaled_linear, squaredcos_cap_v2");
      }
    }
    if (config.rescaleBetasZeroSnr()) {
      b = rescaleZeroTerminalSnr(b);
      for (int i = 0; i < n; i++) {
        b64[i] = b[i];
      }
    }
    this.betas = b;
    this.betasF64 = b64;
    this.alphas = new float[n];
    this.alphasCumprod = new float[n];
    this.alphasCumprodF64 = new double[n];
    double product = 1.0;
    double product64 = 1.0;
    for (int i = 0; i < n; i++) {
      alphas[i] = 1.0f - b[i];
      product *= alphas[i];
      alphasCumprod[i] = (float) product;
      product64 *= 1.0 - b64[i];
      alphasCumprodF64[i] = product64;
    }
  }

  /** The schedule of {@code config}; {@code source} names it in error messages. */
  public static NoiseSchedule of(SchedulerConfig config, String source) {
    return new NoiseSchedule(config, source);
  }

  /**
   * Reads {@code scheduler_config.json} from a diffusers {@code scheduler/} folder (or the file
   * itself).
   *
   * @throws CheckpointException when the file is missing or malformed
   * @throws IllegalArgumentException naming the file when the schedule is not supported
   */
  public static NoiseSchedule read(Path schedulerFolderOrFile) {
    Path file =
        Files.isDirectory(schedulerFolderOrFile)
            ? schedulerFolderOrFile.resolve("scheduler_config.json")
            : schedulerFolderOrFile;
    return new NoiseSchedule(SchedulerConfig.read(file), file.toString());
  }

  /** diffusers' {@code betas_for_alpha_bar} with the cosine ᾱ and {@code max_beta} 0.999. */
  private static double[] cosineBetas(int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double t1 = (double) i / n;
      double t2 = (double) (i + 1) / n;
      out[i] = Math.min(1 - alphaBar(t2) / alphaBar(t1), 0.999);
    }
    return out;
  }

  private static double alphaBar(double t) {
    double c = Math.cos((t + 0.008) / 1.008 * Math.PI / 2);
    return c * c;
  }

  /** diffusers' {@code rescale_zero_terminal_snr}, in float32. */
  private static float[] rescaleZeroTerminalSnr(float[] betas) {
    int n = betas.length;
    float[] sqrtBar = new float[n];
    double product = 1.0;
    for (int i = 0; i < n; i++) {
      product *= 1.0f - betas[i];
      sqrtBar[i] = (float) Math.sqrt((float) product);
    }
    float first = sqrtBar[0];
    float last = sqrtBar[n - 1];
    float scale = first / (first - last);
    float[] bar = new float[n];
    for (int i = 0; i < n; i++) {
      float s = (sqrtBar[i] - last) * scale;
      bar[i] = s * s;
    }
    float[] out = new float[n];
    out[0] = 1.0f - bar[0];
    for (int i = 1; i < n; i++) {
      out[i] = 1.0f - bar[i] / bar[i - 1];
    }
    return out;
  }

  /** The config this schedule was computed from. */
  public SchedulerConfig config() {
    return config;
  }

  /** {@code num_train_timesteps}: valid timesteps are {@code [0, trainTimesteps)}. */
  public int trainTimesteps() {
    return betas.length;
  }

  /** Betas, float32. */
  public float[] betas() {
    return betas.clone();
  }

  /** {@code 1 − betas}, float32. */
  public float[] alphas() {
    return alphas.clone();
  }

  /** ᾱ, float32. */
  public float[] alphasCumprod() {
    return alphasCumprod.clone();
  }

  /** √ᾱ, float32. */
  public float[] sqrtAlphasCumprod() {
    float[] out = new float[alphasCumprod.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = sqrt(alphasCumprod[i]);
    }
    return out;
  }

  /** √(1 − ᾱ), float32. */
  public float[] sqrtOneMinusAlphasCumprod() {
    float[] out = new float[alphasCumprod.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = sqrt(1.0f - alphasCumprod[i]);
    }
    return out;
  }

  /** Betas computed in float64 throughout (numpy's {@code linspace}). */
  public double[] betasF64() {
    return betasF64.clone();
  }

  /** ᾱ computed in float64 throughout. */
  public double[] alphasCumprodF64() {
    return alphasCumprodF64.clone();
  }

  /**
   * Checks that {@code t} is a training timestep of this schedule.
   *
   * @throws TimestepOutOfRangeException when it is outside {@code [0, trainTimesteps)}
   */
  public int checkTimestep(long t) {
    if (t < 0 || t >= betas.length) {
      throw new TimestepOutOfRangeException(t, betas.length, source);
    }
    return (int) t;
  }

  /** As {@link #addNoise(INDArray, INDArray, long...)} with one timestep for every row. */
  public INDArray addNoise(INDArray original, INDArray noise, long timestep) {
    return addNoise(original, noise, new long[] {timestep});
  }

  /**
   * {@code q_sample}: {@code √ᾱ_t·x0 + √(1−ᾱ_t)·ε} in float32, as diffusers' {@code add_noise}.
   * {@code timesteps} has one entry per batch row (dimension 0 of {@code original}) or a single
   * entry for all rows; {@code noise} has {@code original}'s shape.
   *
   * @throws TimestepOutOfRangeException for a timestep outside {@code [0, trainTimesteps)}
   * @throws IllegalArgumentException when the shapes do not agree
   */
  public INDArray addNoise(INDArray original, INDArray noise, long... timesteps) {
    if (!Arrays.equals(original.shape(), noise.shape())) {
      throw new IllegalArgumentException(
          "noise has shape "
              + Arrays.toString(noise.shape())
              + " but the sample has "
              + Arrays.toString(original.shape()));
    }
    long rows = original.rank() == 0 ? 1 : original.size(0);
    if (timesteps.length != 1 && timesteps.length != rows) {
      throw new IllegalArgumentException(
          timesteps.length
              + " timesteps for a batch of "
              + rows
              + ": give one per row or one for all");
    }
    float[] x = original.castTo(DataType.FLOAT).dup('c').data().asFloat();
    float[] e = noise.castTo(DataType.FLOAT).dup('c').data().asFloat();
    float[] out = new float[x.length];
    int perRow = rows == 0 ? 0 : (int) (x.length / rows);
    for (int r = 0; r < rows; r++) {
      int t = checkTimestep(timesteps.length == 1 ? timesteps[0] : timesteps[r]);
      float a = sqrt(alphasCumprod[t]);
      float s = sqrt(1.0f - alphasCumprod[t]);
      for (int i = r * perRow, end = i + perRow; i < end; i++) {
        out[i] = a * x[i] + s * e[i];
      }
    }
    return Nd4j.create(out, original.shape(), 'c');
  }

  /**
   * One DDIM step with {@code eta = 0} from {@code t} to {@code t − N/steps} (or to ᾱ = 1 resp. ᾱ_0
   * by {@code set_alpha_to_one} when that is negative), as {@code DDIMScheduler.step} after {@code
   * set_timesteps(steps)} computes it in float32, for {@code epsilon}, {@code sample} and {@code
   * v_prediction} models. Clipping and thresholding are not applied.
   *
   * @throws TimestepOutOfRangeException when {@code t} is outside the schedule
   * @throws IllegalArgumentException on mismatched shapes, an unknown prediction type, or when the
   *     config asks for clipping or thresholding
   */
  public DdimStep ddimStep(INDArray modelOutput, long t, INDArray sample, int steps) {
    if (!Arrays.equals(modelOutput.shape(), sample.shape())) {
      throw new IllegalArgumentException(
          "model output has shape "
              + Arrays.toString(modelOutput.shape())
              + " but the sample has "
              + Arrays.toString(sample.shape()));
    }
    if (config.clipSample() || config.thresholding()) {
      throw new IllegalArgumentException(
          source + ": clip_sample and thresholding are not supported by this DDIM step");
    }
    int ti = checkTimestep(t);
    long prev = t - betas.length / checkSteps(steps);
    float alphaT = alphasCumprod[ti];
    float alphaPrev =
        prev >= 0 ? alphasCumprod[(int) prev] : config.setAlphaToOne() ? 1.0f : alphasCumprod[0];
    float betaT = 1.0f - alphaT;
    float sa = sqrt(alphaT);
    float sb = sqrt(betaT);
    float direction = sqrt(1.0f - alphaPrev);
    float sPrev = sqrt(alphaPrev);
    float[] m = modelOutput.castTo(DataType.FLOAT).dup('c').data().asFloat();
    float[] x = sample.castTo(DataType.FLOAT).dup('c').data().asFloat();
    float[] prevSample = new float[m.length];
    float[] original = new float[m.length];
    String type = config.predictionType();
    for (int i = 0; i < m.length; i++) {
      float x0;
      float eps;
      switch (type) {
        case "epsilon" -> {
          x0 = (x[i] - sb * m[i]) / sa;
          eps = m[i];
        }
        case "sample" -> {
          x0 = m[i];
          eps = (x[i] - sa * x0) / sb;
        }
        case "v_prediction" -> {
          x0 = sa * x[i] - sb * m[i];
          eps = sa * m[i] + sb * x[i];
        }
        default ->
            throw new IllegalArgumentException(
                source
                    + ": prediction_type \""
                    + type
                    + "\" is not one of epsilon, sample, v_prediction");
      }
      original[i] = x0;
      prevSample[i] = sPrev * x0 + direction * eps;
    }
    long[] shape = sample.shape();
    return new DdimStep(Nd4j.create(prevSample, shape, 'c'), Nd4j.create(original, shape, 'c'));
  }

  /**
   * {@code DDPMScheduler.set_timesteps(steps)}: the inference timesteps, descending, by the
   * config's {@code timestep_spacing} ({@code leading} adds {@code steps_offset}).
   */
  public long[] ddpmTimesteps(int steps) {
    return spaced(checkSteps(steps), true);
  }

  /** {@code DDIMScheduler.set_timesteps(steps)}; the same spacing as DDPM's. */
  public long[] ddimTimesteps(int steps) {
    return spaced(checkSteps(steps), true);
  }

  /**
   * {@code PNDMScheduler.set_timesteps(steps)}: with {@code skip_prk_steps} the PLMS timesteps (the
   * second-to-last ascending one repeated, {@code steps + 1} in all), otherwise the Runge–Kutta
   * warm-up timesteps followed by the PLMS ones.
   */
  public long[] pndmTimesteps(int steps) {
    checkSteps(steps);
    long[] asc = spaced(steps, false);
    Object skip = config.extra().get("skip_prk_steps");
    List<Long> out = new ArrayList<>();
    if (Boolean.TRUE.equals(skip)) {
      for (int i = 0; i < asc.length - 1; i++) {
        out.add(asc[i]);
      }
      if (asc.length >= 2) {
        out.add(asc[asc.length - 2]);
      }
      out.add(asc[asc.length - 1]);
      java.util.Collections.reverse(out);
    } else {
      int order = 4;
      if (asc.length < order) {
        throw new IllegalArgumentException(
            "PNDM with Runge-Kutta steps needs at least " + order + " inference steps");
      }
      long half = betas.length / steps / 2;
      List<Long> prk = new ArrayList<>();
      for (int i = asc.length - order; i < asc.length; i++) {
        prk.add(asc[i]);
        prk.add(asc[i] + half);
      }
      // prk[:-1].repeat(2)[1:-1], reversed
      List<Long> repeated = new ArrayList<>();
      for (int i = 0; i < prk.size() - 1; i++) {
        repeated.add(prk.get(i));
        repeated.add(prk.get(i));
      }
      List<Long> prkSteps = new ArrayList<>(repeated.subList(1, repeated.size() - 1));
      java.util.Collections.reverse(prkSteps);
      out.addAll(prkSteps);
      for (int i = asc.length - 4; i >= 0; i--) {
        out.add(asc[i]);
      }
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  private int checkSteps(int steps) {
    if (steps < 1 || steps > betas.length) {
      throw new IllegalArgumentException(
          "inference steps must be in [1, "
              + betas.length
              + "] (num_train_timesteps of "
              + source
              + "), got "
              + steps);
    }
    return steps;
  }

  /** The spaced timesteps, descending when {@code descending} (DDPM/DDIM), else ascending. */
  private long[] spaced(int steps, boolean descending) {
    int n = betas.length;
    long[] asc = new long[steps];
    String spacing = config.timestepSpacing();
    switch (spacing == null ? "" : spacing) {
      case "leading" -> {
        long ratio = n / steps;
        for (int i = 0; i < steps; i++) {
          asc[i] = i * ratio + config.stepsOffset();
        }
      }
      case "linspace" -> {
        double[] lin = Float32Linspace.ofDouble(0, n - 1, steps);
        for (int i = 0; i < steps; i++) {
          asc[i] = (long) Math.rint(lin[i]);
        }
      }
      case "trailing" -> {
        double ratio = (double) n / steps;
        // np.round(np.arange(n, 0, -ratio)) - 1, listed here in ascending order
        for (int i = 0; i < steps; i++) {
          asc[steps - 1 - i] = (long) Math.rint(n - i * ratio) - 1;
        }
      }
      default ->
          throw new IllegalArgumentException(
              source
                  + ": timestep_spacing \""
                  + spacing
                  + "\" is not one of leading, linspace, trailing");
    }
    if (!descending) {
      return asc;
    }
    long[] desc = new long[steps];
    for (int i = 0; i < steps; i++) {
      desc[i] = asc[steps - 1 - i];
    }
    return desc;
  }

  private static float sqrt(float x) {
    return (float) Math.sqrt(x);
  }

  @Override
  public String toString() {
    return "NoiseSchedule[" + source + ", " + betas.length + " steps]";
  }
}
