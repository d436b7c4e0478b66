package dev.moments.server.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The report's {@code changingSplit} section as JSON ({@link ChangingSplit}'s figures). */
final class ChangingSplitJson {
  private ChangingSplitJson() {}

  /** The report's {@code changingSplit}. */
  static JsonObject json(
      ExperimentSpec spec, WeightPeriods periods, List<ChangingSplit.Figures> figures) {
    JsonArray history = new JsonArray();
    for (WeightPeriods.Period p : periods.periods()) {
      JsonObject weights = new JsonObject();
      p.weights().keySet().stream().sorted().forEach(v -> weights.put(v, p.share(v)));
      history.add(new JsonObject().put("from", p.from().toString()).put("weights", weights));
    }
    JsonArray metrics = new JsonArray();
    figures.forEach(f -> metrics.add(metricJson(f, spec.control())));
    return new JsonObject()
        .put("estimator", ChangingSplit.ESTIMATOR)
        .put("granularity", ChangingSplit.GRANULARITY)
        .put("periods", history)
        .put("metrics", metrics);
  }

  private static JsonObject metricJson(ChangingSplit.Figures f, String control) {
    JsonArray arms = new JsonArray();
    for (ChangingSplit.Arm arm : f.arms()) {
      JsonObject json = new JsonObject().put("key", arm.key()).put("units", arm.weighted().units());
      MetricJson.put(json, "mean", arm.weighted().mean());
      MetricJson.put(json, "standardError", arm.weighted().standardError());
      MetricJson.put(json, "pooledMean", arm.pooledMean());
      arms.add(json);
    }
    JsonArray comparisons = new JsonArray();
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
              MetricJson.put(json, "pooledRelativeLift", f.pooledLift(variant, control));
              comparisons.add(json);
            });
    return new JsonObject()
        .put("metric", f.metric().key())
        .put("variants", arms)
        .put("comparisons", comparisons);
  }
}
