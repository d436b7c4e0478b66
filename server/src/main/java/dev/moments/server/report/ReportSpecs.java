package dev.moments.server.report;

import dev.moments.server.experiment.Experiment;
import dev.moments.server.stats.Correction;
import dev.moments.server.stats.MetricType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns a stored experiment into what the report builder needs to know about it. */
public final class ReportSpecs {
  private ReportSpecs() {}

  public static ExperimentSpec of(Experiment e, String stage) {
    List<VariantSpec> variants = new ArrayList<>();
    e.variants()
        .forEach(
            v -> {
              JsonObject variant = (JsonObject) v;
              variants.add(new VariantSpec(variant.getString("key"), variant.getDouble("weight")));
            });
    List<MetricSpec> metrics = new ArrayList<>();
    metrics.add(metric(e.primaryMetric(), MetricRole.PRIMARY));
    add(metrics, e.secondaryMetrics(), MetricRole.SECONDARY);
    add(metrics, e.guardrailMetrics(), MetricRole.GUARDRAIL);
    JsonObject s = e.stats();
    StatsSettings stats =
        new StatsSettings(
            s.getDouble("alpha"),
            s.getDouble("power"),
            s.getDouble("mde"),
            s.getBoolean("sequential"),
            Correction.valueOf(s.getString("correction").toUpperCase(Locale.ROOT)),
            s.getDouble("baseline"),
            s.getDouble("stddev"));
    return new ExperimentSpec(
        e.key(),
        e.status().wire(),
        e.moment(),
        stage,
        variants,
        e.control(),
        metrics,
        stats,
        e.startedAt() == null ? null : e.startedAt().atZone(ZoneOffset.UTC).toLocalDate());
  }

  /**
   * A stopped experiment cannot keep running: say that it stopped before the data decided, so
   * nobody reads "keep running" on a test that is over.
   */
  public static JsonObject annotateStopped(JsonObject report) {
    JsonObject decision = report.getJsonObject("decision");
    if ("stopped".equals(report.getString("status"))
        && decision != null
        && "keep_running".equals(decision.getString("outcome"))) {
      decision
          .put("stoppedEarly", true)
          .put(
              "reason",
              "Stopped before the data decided; had it kept running: "
                  + decision.getString("reason"));
    }
    return report;
  }

  private static void add(List<MetricSpec> metrics, JsonArray list, MetricRole role) {
    list.forEach(m -> metrics.add(metric((JsonObject) m, role)));
  }

  private static MetricSpec metric(JsonObject m, MetricRole role) {
    return new MetricSpec(
        m.getString("key"),
        MetricType.valueOf(m.getString("type", "binomial").toUpperCase(Locale.ROOT)),
        role);
  }
}
