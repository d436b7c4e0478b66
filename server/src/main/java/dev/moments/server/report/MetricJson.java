package dev.moments.server.report;

import dev.moments.server.stats.Effect;
import dev.moments.server.stats.Interval;
import dev.moments.server.stats.LiftResult;
import dev.moments.server.stats.MetricType;
import dev.moments.server.stats.SampleStats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The JSON of one metric (contract: Reports, "metrics"). Numbers that cannot be computed are
 * omitted.
 */
final class MetricJson {

  static final String NO_UNITS = "no_units";

  private MetricJson() {}

  static JsonObject metric(MetricResult result, String control) {
    MetricSpec spec = result.metric();
    JsonArray variants = new JsonArray();
    result.variants().forEach(v -> variants.add(variant(v, spec.type())));
    JsonArray comparisons = new JsonArray();
    result.comparisons().forEach(c -> comparisons.add(comparison(c, control)));
    JsonObject json =
        new JsonObject()
            .put("metric", spec.key())
            .put("role", spec.role().name().toLowerCase(Locale.ROOT))
            .put("type", spec.type().name().toLowerCase(Locale.ROOT))
            .put("direction", spec.direction().wire());
    if (spec.unit() != null) {
      json.put("unit", spec.unit());
    }
    return json.put("adjustment", result.adjustment())
        .put("variants", variants)
        .put("comparisons", comparisons);
  }

  private static JsonObject variant(MetricResult.VariantSummary v, MetricType type) {
    SampleStats sample = v.sample();
    JsonObject json =
        new JsonObject()
            .put("key", v.key())
            .put("units", sample.n())
            .put("conversions", v.conversions());
    if (sample.n() <= 0) {
      return json.put("error", NO_UNITS);
    }
    put(json, "mean", sample.mean());
    if (type == MetricType.MEAN) {
      put(json, "sum", sample.sum());
      if (sample.n() >= 2) {
        put(json, "stddev", Math.sqrt(sample.variance(MetricType.MEAN)));
      }
    }
    return json;
  }

  private static JsonObject comparison(MetricResult.Comparison c, String control) {
    JsonObject json = new JsonObject().put("variant", c.variant()).put("control", control);
    LiftResult lift = c.lift();
    if (!lift.ok()) {
      return json.put("significant", false).put("error", lift.error());
    }
    Effect relative = lift.relative();
    put(json, "absoluteLift", lift.absolute().estimate());
    put(json, "relativeLift", relative.estimate());
    json.put("ci", interval(relative.ci()));
    json.put("absoluteCi", interval(lift.absolute().ci()));
    put(json, "pValue", c.pValue());
    put(json, "adjustedPValue", c.adjustedPValue());
    put(json, "chanceToBeat", c.chanceToBeat());
    json.put("significant", c.significant());
    return c.significant() ? json.put("improvement", c.improvement()) : json;
  }

  static JsonArray interval(Interval ci) {
    return new JsonArray().add(ci.low()).add(ci.high());
  }

  /** Puts the number only when it is finite: the report never carries NaN or Infinity. */
  static void put(JsonObject json, String key, double value) {
    if (Double.isFinite(value)) {
      json.put(key, value);
    }
  }
}
