package dev.moments.server.report;

import dev.moments.server.experiment.MetricWindow;
import dev.moments.server.stats.BanditEstimator;
import dev.moments.server.stats.MetricType;
import dev.moments.server.stats.SampleStats;
import dev.moments.server.stats.WeightedLift;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the report says about an experiment whose split changed while it ran (server/README.md,
 * "Changing splits"): the sample-ratio check's expected units from each day's weights, and each
 * arm's mean weighted by the allocation of the day its units entered ({@link BanditEstimator},
 * inverse-probability), with the pooled mean beside it. The pooled figure weights each period by
 * how much traffic the arm happened to get then: a baseline that drifts between periods then makes
 * a lift (or hides one) that no arm earned, Simpson's paradox.
 */
final class ChangingSplit {

  static final String ESTIMATOR = "inverse-probability";
  static final String GRANULARITY = "exposure_day";

  /** The granularity when every unit is read in the weight period it entered in. */
  static final String EXACT = "update_period";

  /** One arm of one metric: the weighted estimate and the pooled mean. */
  record Arm(String key, BanditEstimator.ArmEstimate weighted, double pooledMean) {}

  /** The arms of one metric and each treatment's weighted lift over the control. */
  record Figures(MetricSpec metric, List<Arm> arms, Map<String, WeightedLift> lifts, double alpha) {

    Arm arm(String key) {
      return arms.stream().filter(a -> a.key().equals(key)).findFirst().orElseThrow();
    }

    /** {@code variant}'s lift over {@code control} by the pooled means (unweighted). */
    double pooledLift(String variant, String control) {
      return arm(variant).pooledMean() / arm(control).pooledMean() - 1;
    }

    /** Significant at alpha / treatments (Bonferroni), a change the metric's way or against it. */
    boolean significant(WeightedLift lift, boolean better) {
      return lift.ok()
          && lift.pValue() < alpha
          && metric.direction().better(better ? lift.relative() : -lift.relative());
    }
  }

  private ChangingSplit() {}

  /**
   * Each variant's expected units: over the weight periods (or, without them, the days of first
   * exposure), the units that entered then times the variant's share then. The sample-ratio test
   * against these is the test against each period's weights.
   */
  static double[] expectedUnits(ExperimentSpec spec, RollupCube cube, ChangingSplitInput changing) {
    List<String> keys = spec.variants().stream().map(VariantSpec::key).toList();
    RollupCube exact = changing.exactBuckets(cube, keys);
    double[] expected = new double[keys.size()];
    (exact != null ? exact : cube)
        .dailyUnits()
        .forEach(
            (bucket, units) -> {
              double[] shares =
                  exact != null
                      ? changing.periods().sharesOfSet(ChangingSplitInput.set(bucket), keys)
                      : changing.periods().sharesOn(bucket, changing.now(), keys);
              for (int i = 0; i < expected.length; i++) {
                expected[i] += Math.max(0, units) * shares[i];
              }
            });
    return expected;
  }

  /**
   * The figures of every binomial or mean metric (ratios have no per-period estimator here); a
   * windowed metric's from the units whose window has closed by {@code now}, as the fixed-split
   * report reads it (a maturing unit would look like a non-converter).
   */
  static List<Figures> estimate(
      ExperimentSpec spec, ChangingSplitInput in, LocalDate today, Instant now) {
    List<String> keys = spec.variants().stream().map(VariantSpec::key).toList();
    RollupCube cohorts = in.cohortCube();
    RollupCube exact = in.exactCohorts(keys);
    List<Figures> figures = new ArrayList<>();
    for (MetricSpec metric : spec.metrics()) {
      if (metric.type() == MetricType.RATIO) {
        continue;
      }
      MetricWindow window = metric.metric().window();
      LocalDate closed = window == null ? null : MetricAnalyzer.closedThrough(window, now);
      RollupCube buckets =
          exact == null
              ? cohorts
              : window == null ? exact : in.periodCube(keys, metric.key(), closed);
      Map<LocalDate, double[]> shares = in.shares(buckets, exact != null, keys, today);
      if (exact == null && closed != null) {
        shares.keySet().removeIf(day -> day.isAfter(closed));
      }
      figures.add(estimate(spec, metric, buckets, shares));
    }
    return figures;
  }

  /**
   * As {@link #estimate(ExperimentSpec, ChangingSplitInput, LocalDate, Instant)} at the input's
   * clock.
   */
  static List<Figures> estimate(ExperimentSpec spec, ChangingSplitInput in, LocalDate today) {
    return estimate(spec, in, today, in.now());
  }

  /** Whether {@link #estimate} reads the units by weight period (else by day of first exposure). */
  static boolean exact(ExperimentSpec spec, ChangingSplitInput in) {
    List<String> keys = spec.variants().stream().map(VariantSpec::key).toList();
    return in.exactCohorts(keys) != null;
  }

  private static Figures estimate(
      ExperimentSpec spec,
      MetricSpec metric,
      RollupCube buckets,
      Map<LocalDate, double[]> sharesByBucket) {
    List<String> keys = spec.variants().stream().map(VariantSpec::key).toList();
    List<List<BanditEstimator.Period>> periods = new ArrayList<>();
    keys.forEach(k -> periods.add(new ArrayList<>()));
    sharesByBucket.forEach(
        (bucket, shares) -> {
          for (int i = 0; i < keys.size(); i++) {
            SampleStats sample = buckets.sampleOn(metric.metric(), keys.get(i), bucket);
            // a period without the arm's weight has none of its units (their first exposure then
            // would have been implausible), so it adds nothing
            if (sample.n() > 0 && shares[i] > 0) {
              periods.get(i).add(new BanditEstimator.Period(sample, Math.min(1, shares[i])));
            }
          }
        });
    List<Arm> arms = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      arms.add(
          new Arm(
              keys.get(i),
              BanditEstimator.estimate(periods.get(i)),
              BanditEstimator.pooledMean(periods.get(i))));
    }
    Map<String, WeightedLift> lifts = new java.util.LinkedHashMap<>();
    Arm control = arms.get(keys.indexOf(spec.control()));
    double alpha = spec.stats().alpha() / Math.max(1, keys.size() - 1);
    for (Arm arm : arms) {
      if (!arm.key().equals(spec.control())) {
        lifts.put(arm.key(), WeightedLift.of(control.weighted(), arm.weighted(), alpha));
      }
    }
    return new Figures(metric, arms, lifts, alpha);
  }

  /**
   * The report's {@code changingSplit}; the decision vetoed where the weighted primary metric
   * contradicts it, or for a bandit read as the best arm's probability.
   */
  static JsonObject section(
      ExperimentSpec spec,
      ChangingSplitInput changing,
      LocalDate today,
      Instant now,
      JsonObject report) {
    List<Figures> figures = estimate(spec, changing, today, now);
    JsonObject json =
        ChangingSplitJson.json(spec, changing.periods(), figures)
            .put("granularity", exact(spec, changing) ? EXACT : GRANULARITY);
    Figures primary =
        figures.stream()
            .filter(f -> f.metric().role() == MetricRole.PRIMARY)
            .findFirst()
            .orElse(null);
    JsonObject decision = report.getJsonObject("decision");
    if (primary != null && changing.bandit()) {
      BanditReading reading = BanditReading.of(primary);
      report.put("decision", reading.decide(decision, primary.metric().key()));
      json.put("bandit", reading.json());
    } else if (primary != null) {
      report.put(
          "decision",
          ChangingSplitVerdict.guardrails(
              ChangingSplitVerdict.guard(decision, spec, primary), spec, figures));
    }
    return json;
  }
}
