package ai.taskaware.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/** Percentile bootstrap over a benchmark's units, for one run or a pair of runs. */
public final class Bootstrap {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Bootstrap() {}

  /**
   * The scores a scorer result holds: every fractional number, keyed by its dotted path (e.g.
   * {@code "perTask.Counting"}, {@code "categories.all.relative"}); counts are left out. NaN scores
   * (e.g. an empty open-question split) are kept.
   */
  public static Map<String, Double> scores(Object scorerResult) {
    Map<String, Double> out = new LinkedHashMap<>();
    flatten("", JSON.valueToTree(scorerResult), out);
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, Double> out) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else if (node.isFloatingPointNumber()) {
      out.put(prefix, node.asDouble());
    } else if (node.isTextual() && "NaN".equals(node.asText())) {
      out.put(prefix, Double.NaN);
    }
  }

  /**
   * A confidence interval for every score of {@code run}: the scorer is re-applied to {@code
   * resamples} stratified resamples with replacement, and the interval is the central {@code
   * confidence} percentile range (numpy's default linear interpolation).
   */
  public static <U> Map<String, Interval> intervals(Resampling<U> run, BootstrapSettings settings) {
    Map<String, Double> estimate = scores(run.scorer().apply(run.units()));
    Map<String, double[]> draws = new LinkedHashMap<>();
    estimate.keySet().forEach(k -> draws.put(k, new double[settings.resamples()]));
    RandomGenerator random = new MersenneTwister(settings.seed());
    List<List<Integer>> strata = strata(run);
    for (int r = 0; r < settings.resamples(); r++) {
      List<U> sample = pick(run.units(), draw(strata, random));
      Map<String, Double> s = scores(run.scorer().apply(sample));
      for (Map.Entry<String, double[]> e : draws.entrySet()) {
        e.getValue()[r] = s.getOrDefault(e.getKey(), Double.NaN);
      }
    }
    Map<String, Interval> out = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : estimate.entrySet()) {
      double[] bounds = bounds(draws.get(e.getKey()), settings.confidence());
      out.put(e.getKey(), new Interval(e.getValue(), bounds[0], bounds[1]));
    }
    return out;
  }

  /**
   * Paired bootstrap of run B against run A on the same units: each resample draws one set of unit
   * positions and scores both runs on it, so item difficulty cancels out.
   *
   * @throws IllegalArgumentException if the runs have different numbers of units
   */
  public static <U> Map<String, PairedComparison> compare(
      Resampling<U> a, Resampling<U> b, BootstrapSettings settings) {
    if (a.units().size() != b.units().size()) {
      throw new IllegalArgumentException(
          "paired runs need the same units: " + a.units().size() + " vs " + b.units().size());
    }
    Map<String, Double> scoreA = scores(a.scorer().apply(a.units()));
    Map<String, Double> scoreB = scores(b.scorer().apply(b.units()));
    Map<String, double[]> draws = new LinkedHashMap<>();
    scoreA.keySet().stream()
        .filter(scoreB::containsKey)
        .forEach(k -> draws.put(k, new double[settings.resamples()]));
    RandomGenerator random = new MersenneTwister(settings.seed());
    List<List<Integer>> strata = strata(a);
    for (int r = 0; r < settings.resamples(); r++) {
      List<Integer> positions = draw(strata, random);
      Map<String, Double> sa = scores(a.scorer().apply(pick(a.units(), positions)));
      Map<String, Double> sb = scores(b.scorer().apply(pick(b.units(), positions)));
      for (Map.Entry<String, double[]> e : draws.entrySet()) {
        e.getValue()[r] =
            sb.getOrDefault(e.getKey(), Double.NaN) - sa.getOrDefault(e.getKey(), Double.NaN);
      }
    }
    Map<String, PairedComparison> out = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : draws.entrySet()) {
      double[] diffs = e.getValue();
      double[] bounds = bounds(diffs, settings.confidence());
      long notBetter = java.util.Arrays.stream(diffs).filter(d -> !(d > 0)).count();
      double va = scoreA.get(e.getKey());
      double vb = scoreB.get(e.getKey());
      out.put(
          e.getKey(),
          new PairedComparison(
              va, vb, vb - va, bounds[0], bounds[1], (double) notBetter / diffs.length));
    }
    return out;
  }

  private static <U> List<List<Integer>> strata(Resampling<U> run) {
    Map<String, List<Integer>> byStratum = new LinkedHashMap<>();
    for (int i = 0; i < run.units().size(); i++) {
      byStratum
          .computeIfAbsent(run.stratum().apply(run.units().get(i)), k -> new ArrayList<>())
          .add(i);
    }
    return new ArrayList<>(byStratum.values());
  }

  private static List<Integer> draw(List<List<Integer>> strata, RandomGenerator random) {
    List<Integer> positions = new ArrayList<>();
    for (List<Integer> stratum : strata) {
      for (int k = 0; k < stratum.size(); k++) {
        positions.add(stratum.get(random.nextInt(stratum.size())));
      }
    }
    return positions;
  }

  private static <U> List<U> pick(List<U> units, List<Integer> positions) {
    List<U> out = new ArrayList<>(positions.size());
    positions.forEach(p -> out.add(units.get(p)));
    return out;
  }

  private static double[] bounds(double[] values, double confidence) {
    double[] finite = java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
    if (finite.length == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
    percentile.setData(finite);
    double tail = (1 - confidence) / 2 * 100;
    return new double[] {percentile.evaluate(tail), percentile.evaluate(100 - tail)};
  }
}
