package dev.moments.server.report;

import dev.moments.server.rollup.RollupRow;
import dev.moments.server.stats.BanditEstimator;
import dev.moments.server.stats.MetricType;
import dev.moments.server.stats.SampleStats;
import dev.moments.server.stats.WeightedLift;
import io.vertx.core.json.JsonArray;
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

  /**
   * The history, the cohorts' rows (the day of first exposure as row day) and the clock.
   *
   * @param bandit the experiment is a bandit: read as one even before its first update ({@link
   *     BanditReading})
   */
  record Input(WeightPeriods periods, List<RollupRow> cohorts, Instant now, boolean bandit) {

    Input(WeightPeriods periods, List<RollupRow> cohorts, Instant now) {
      this(periods, cohorts, now, false);
    }

    /** Whether the report reads the experiment by period. */
    boolean applies() {
      return bandit || periods.changed();
    }
  }

  /** One arm of one metric: the weighted estimate and the pooled mean. */
  record Arm(String key, BanditEstimator.ArmEstimate weighted, double pooledMean) {}

  /** The arms of one metric and each treatment's weighted lift over the control. */
  record Figures(MetricSpec metric, List<Arm> arms, Map<String, WeightedLift> lifts, double alpha) {

    Arm arm(String key) {
      return arms.stream().filter(a -> a.key().equals(key)).findFirst().orElseThrow();
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
   * Each variant's expected units: over the days, that day's units first exposed times the day's
   * share of the variant. The sample-ratio test against these is the test against each period's
   * weights.
   */
  static double[] expectedUnits(
      ExperimentSpec spec, RollupCube cube, WeightPeriods periods, Instant now) {
    List<String> keys = spec.variants().stream().map(VariantSpec::key).toList();
    double[] expected = new double[keys.size()];
    cube.dailyUnits()
        .forEach(
            (day, units) -> {
              double[] shares = periods.sharesOn(day, now, keys);
              for (int i = 0; i < expected.length; i++) {
                expected[i] += Math.max(0, units) * shares[i];
              }
            });
    return expected;
  }

  /** The figures of every binomial or mean metric (ratios have no per-period estimator here). */
  static List<Figures> estimate(ExperimentSpec spec, Input in, LocalDate today) {
    RollupCube cohorts = new RollupCube(in.cohorts());
    List<Figures> figures = new ArrayList<>();
    for (MetricSpec metric : spec.metrics()) {
      if (metric.type() != MetricType.RATIO) {
        figures.add(estimate(spec, metric, cohorts, in, today));
      }
    }
    return figures;
  }

  private static Figures estimate(
      ExperimentSpec spec, MetricSpec metric, RollupCube cohorts, Input in, LocalDate today) {
    List<String> keys = spec.variants().stream().map(VariantSpec::key).toList();
    List<List<BanditEstimator.Period>> periods = new ArrayList<>();
    keys.forEach(k -> periods.add(new ArrayList<>()));
    LocalDate first = cohorts.firstDay();
    for (LocalDate day = first; day != null && !day.isAfter(today); day = day.plusDays(1)) {
      double[] shares = in.periods().sharesOn(day, in.now(), keys);
      for (int i = 0; i < keys.size(); i++) {
        SampleStats sample = cohorts.sampleOn(metric.metric(), keys.get(i), day);
        // a day without the arm's weight has none of its units (their first exposure then would
        // have been implausible), so it adds nothing
        if (sample.n() > 0 && shares[i] > 0) {
          periods.get(i).add(new BanditEstimator.Period(sample, Math.min(1, shares[i])));
        }
      }
    }
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
      ExperimentSpec spec, Input changing, LocalDate today, JsonObject report) {
    List<Figures> figures = estimate(spec, changing, today);
    JsonObject json = json(changing.periods(), figures);
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
      report.put("decision", guard(decision, spec, primary));
    }
    return json;
  }

  /** The report's {@code changingSplit}. */
  static JsonObject json(WeightPeriods periods, List<Figures> figures) {
    JsonArray history = new JsonArray();
    for (WeightPeriods.Period p : periods.periods()) {
      JsonObject weights = new JsonObject();
      p.weights().keySet().stream().sorted().forEach(v -> weights.put(v, p.share(v)));
      history.add(new JsonObject().put("from", p.from().toString()).put("weights", weights));
    }
    JsonArray metrics = new JsonArray();
    figures.forEach(f -> metrics.add(metricJson(f)));
    return new JsonObject()
        .put("estimator", ESTIMATOR)
        .put("granularity", GRANULARITY)
        .put("periods", history)
        .put("metrics", metrics);
  }

  private static JsonObject metricJson(Figures f) {
    JsonArray arms = new JsonArray();
    for (Arm arm : f.arms()) {
      JsonObject json = new JsonObject().put("key", arm.key()).put("units", arm.weighted().units());
      MetricJson.put(json, "mean", arm.weighted().mean());
      MetricJson.put(json, "standardError", arm.weighted().standardError());
      MetricJson.put(json, "pooledMean", arm.pooledMean());
      arms.add(json);
    }
    JsonArray comparisons = new JsonArray();
    double control =
        f.arms().stream()
            .filter(a -> !f.lifts().containsKey(a.key()))
            .findFirst()
            .map(Arm::pooledMean)
            .orElse(Double.NaN);
    f.lifts()
        .forEach(
            (variant, lift) -> {
              JsonObject json = new JsonObject().put("variant", variant);
              if (!lift.ok()) {
                comparisons.add(json.put("error", lift.error()));
                return;
              }
              MetricJson.put(json, "relativeLift", lift.relative());
              json.put("ci", new JsonArray().add(lift.low()).add(lift.high()));
              MetricJson.put(json, "pValue", lift.pValue());
              MetricJson.put(json, "pooledRelativeLift", f.arm(variant).pooledMean() / control - 1);
              comparisons.add(json);
            });
    return new JsonObject()
        .put("metric", f.metric().key())
        .put("variants", arms)
        .put("comparisons", comparisons);
  }

  /**
   * The decision, unless the period-weighted primary metric contradicts it: a winner the weighted
   * lift does not confirm (significant, the same way) and a "no difference" where a weighted lift
   * is significant become keep_running, naming both figures. It only ever withholds a call: the
   * weighted test is one look at the experiment's alpha (Bonferroni over treatments), so it may
   * veto the sequential test's call but never make one.
   */
  static JsonObject guard(JsonObject decision, ExperimentSpec spec, Figures primary) {
    String outcome = decision.getString("outcome");
    String disputed = null;
    if ("winner".equals(outcome) && spec.control().equals(decision.getString("winner"))) {
      disputed = firstNot(primary, false);
    } else if ("winner".equals(outcome)) {
      String winner = decision.getString("winner");
      disputed = primary.significant(primary.lifts().get(winner), true) ? null : winner;
    } else if ("no_difference".equals(outcome)) {
      disputed =
          primary.lifts().entrySet().stream()
              .filter(
                  e ->
                      primary.significant(e.getValue(), true)
                          || primary.significant(e.getValue(), false))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElse(null);
    }
    if (disputed == null) {
      return decision;
    }
    return decision
        .put("outcome", "keep_running")
        .putNull("winner")
        .put("reason", reason(spec, primary, disputed));
  }

  /** The first treatment whose weighted lift is not significantly worse (or better), or null. */
  private static String firstNot(Figures primary, boolean better) {
    return primary.lifts().entrySet().stream()
        .filter(e -> !primary.significant(e.getValue(), better))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(null);
  }

  private static String reason(ExperimentSpec spec, Figures primary, String variant) {
    WeightedLift lift = primary.lifts().get(variant);
    double pooled = primary.arm(variant).pooledMean() / primary.arm(spec.control()).pooledMean();
    String weighted =
        lift.ok()
            ? "%s (interval %s to %s)"
                .formatted(
                    Reasons.percent(lift.relative()),
                    Reasons.percent(lift.low()),
                    Reasons.percent(lift.high()))
            : "not estimable yet";
    return ("The split changed while the experiment ran, so the pooled figures mix periods with"
            + " different baselines: %s vs %s on %s is %s pooled but %s weighted by each"
            + " period's split. Keep running until they agree.")
        .formatted(
            Reasons.name(variant),
            Reasons.name(spec.control()),
            primary.metric().key(),
            Reasons.percent(pooled - 1),
            weighted);
  }
}
