package dev.moments.server.report;

import dev.moments.server.domain.InvalidException;
import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.Funnel;
import dev.moments.server.experiment.Holdout;
import dev.moments.server.experiment.HoldoutJson;
import dev.moments.server.experiment.StatsSettings;
import dev.moments.server.experiment.Status;
import dev.moments.server.experiment.Variant;
import dev.moments.server.rollup.RollupReader;
import dev.moments.server.stats.Correction;
import dev.moments.server.stats.MetricType;
import dev.moments.server.stats.SampleRatio;
import dev.moments.server.stats.Spending;
import dev.moments.server.stats.TestMethod;
import dev.moments.server.store.ExperimentStore;
import dev.moments.server.store.HoldoutStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code GET /api/v1/holdouts/{key}/report}: the holdout's units (side {@code holdout}, the
 * control) against everyone else reaching its moments (side {@code exposed}) on conversion metrics,
 * from the rollups the fold keeps for the holdout as for an experiment, with the experiment
 * report's machinery: the same cells, the same sample-ratio test (against {@code percent}) and the
 * same fixed-horizon comparison (lift, its interval and p-value). The lift is what the experiments
 * shipped on those moments did together: exposed over held out.
 */
public final class HoldoutReports {
  /** A holdout is read once, at the end: a fixed-horizon test at 5 %, one comparison per metric. */
  static final StatsSettings STATS =
      new StatsSettings(
          0.05, 0.8, 0.1, TestMethod.FIXED, Spending.OBRIEN_FLEMING, Correction.NONE, null, null);

  private final HoldoutStore holdouts;
  private final ExperimentStore experiments;
  private final RollupReader rollups;
  private final Clock clock;

  public HoldoutReports(
      HoldoutStore holdouts, ExperimentStore experiments, RollupReader rollups, Clock clock) {
    this.holdouts = holdouts;
    this.experiments = experiments;
    this.rollups = rollups;
    this.clock = clock;
  }

  /**
   * @param metrics the metric keys to compare; null or empty for the holdout's own
   */
  public Future<JsonObject> build(String key, List<String> metrics) {
    LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    return holdouts
        .get(key)
        .compose(
            holdout -> {
              List<String> chosen =
                  metrics == null || metrics.isEmpty() ? holdout.metrics() : metrics;
              if (chosen.isEmpty()) {
                return Future.failedFuture(
                    InvalidException.field(
                        "metrics",
                        "Holdout '"
                            + key
                            + "' declares no metrics: name them, ?metrics=signup,first_purchase."));
              }
              ExperimentSpec spec = spec(holdout, chosen);
              // the watermark first: the rows read after it hold at least what it promises
              return rollups
                  .foldedUpTo()
                  .compose(
                      dataAsOf ->
                          rollups
                              .rows(holdout.key(), null)
                              .compose(
                                  rows ->
                                      ReportReader.offEventLoop(
                                          () ->
                                              of(
                                                  holdout,
                                                  ReportBuilder.build(
                                                      ReportInput.of(spec, rows, today)))))
                              .compose(r -> withExperiments(holdout, r))
                              .map(r -> r.put("dataAsOf", dataAsOf.toString())));
            });
  }

  /**
   * Per started experiment on a covered moment: the units of its variants that are held out (none,
   * when the holdout works) and the split of the others, tested against its weights (chi-square).
   */
  private Future<JsonObject> withExperiments(Holdout holdout, JsonObject report) {
    return experiments
        .list(null, null, true)
        .compose(
            list -> {
              List<Experiment> covered =
                  list.stream()
                      .filter(e -> e.status() != Status.DRAFT && holdout.covers(e.moment()))
                      .toList();
              return rollups
                  .splitByHoldout(holdout.key(), covered.stream().map(Experiment::key).toList())
                  .map(split -> report.put("experiments", splits(covered, split)));
            });
  }

  static JsonArray splits(
      List<Experiment> covered, Map<String, Map<String, Map<String, Long>>> split) {
    JsonArray result = new JsonArray();
    for (Experiment e : covered) {
      Map<String, Map<String, Long>> sides = split.getOrDefault(e.key(), Map.of());
      long held = sides.getOrDefault("holdout", Map.of()).values().stream().mapToLong(n -> n).sum();
      Map<String, Long> outside = sides.getOrDefault("exposed", Map.of());
      long[] units = new long[e.variants().size()];
      double[] weights = new double[units.length];
      JsonArray variants = new JsonArray();
      for (int i = 0; i < units.length; i++) {
        Variant v = e.variants().get(i);
        units[i] = outside.getOrDefault(v.key(), 0L);
        weights[i] = v.weight();
        variants.add(new JsonObject().put("key", v.key()).put("units", units[i]));
      }
      OptionalDouble p = SampleRatio.pValue(units, weights);
      JsonObject srm =
          new JsonObject()
              .put("ok", held == 0 && (p.isEmpty() || !SampleRatio.mismatch(p.getAsDouble())));
      p.ifPresent(x -> srm.put("pValue", x));
      result.add(
          new JsonObject()
              .put("experiment", e.key())
              .put("heldOutUnits", held)
              .put("variants", variants)
              .put("srm", srm));
    }
    return result;
  }

  /** The holdout as an experiment of two sides, weighted by its percent. */
  static ExperimentSpec spec(Holdout h, List<String> metrics) {
    List<MetricSpec> specs = new ArrayList<>();
    for (String metric : metrics) {
      specs.add(
          new MetricSpec(
              metric,
              MetricType.BINOMIAL,
              specs.isEmpty() ? MetricRole.PRIMARY : MetricRole.SECONDARY));
    }
    return new ExperimentSpec(
        h.key(),
        h.running() ? Status.RUNNING : Status.STOPPED,
        null,
        null,
        List.of(
            new VariantSpec("holdout", h.percent()), new VariantSpec("exposed", 100 - h.percent())),
        "holdout",
        specs,
        Funnel.NONE,
        STATS,
        h.createdAt().atZone(ZoneOffset.UTC).toLocalDate());
  }

  /** The parts of the experiment report a holdout has: sides, SRM, metrics, health. */
  static JsonObject of(Holdout holdout, JsonObject report) {
    return new JsonObject()
        .put("holdout", HoldoutJson.toJson(holdout))
        .put("variants", report.getJsonArray("variants"))
        .put("srm", report.getJsonObject("srm"))
        .put("metrics", report.getJsonArray("metrics"))
        .put("health", report.getJsonObject("health"));
  }
}
