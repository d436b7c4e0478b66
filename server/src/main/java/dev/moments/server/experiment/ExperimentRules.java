package dev.moments.server.experiment;

import dev.moments.sdk.Targeting;
import dev.moments.server.domain.InvalidException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;

/**
 * The checks a JSON schema cannot express (unique variant keys, control names a variant, one role
 * per metric), plus the defaults that make a stored experiment complete. The OpenAPI schema has
 * checked types and ranges.
 */
public final class ExperimentRules {
  private ExperimentRules() {}

  public static JsonArray normaliseVariants(JsonArray variants) {
    JsonArray result = new JsonArray();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < variants.size(); i++) {
      JsonObject v = variants.getJsonObject(i).copy();
      if (!seen.add(v.getString("key"))) {
        throw new InvalidException(
            "duplicate_variant",
            "Variant key '" + v.getString("key") + "' is used twice; variant keys must be unique.",
            "variants[" + i + "].key");
      }
      double weight = v.getDouble("weight");
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw InvalidException.field(
            "variants[" + i + "].weight", "Weight must be a positive number.");
      }
      v.put("kind", v.getString("kind", "generic"));
      v.put("payload", v.getJsonObject("payload", new JsonObject()));
      result.add(v);
    }
    if (result.size() < 2) {
      throw InvalidException.field("variants", "An experiment needs at least two variants.");
    }
    return result;
  }

  public static void checkControl(String control, JsonArray variants) {
    for (int i = 0; i < variants.size(); i++) {
      if (variants.getJsonObject(i).getString("key").equals(control)) {
        return;
      }
    }
    throw new InvalidException(
        "unknown_control", "control '" + control + "' is not one of the variants.", "control");
  }

  /** A primary metric may be given as a bare key; store it as {"key","type"} like the others. */
  public static JsonObject normaliseMetric(Object metric) {
    JsonObject m =
        metric instanceof String key
            ? new JsonObject().put("key", key)
            : ((JsonObject) metric).copy();
    m.put("type", m.getString("type", "binomial"));
    return m;
  }

  public static JsonArray normaliseMetrics(JsonArray metrics) {
    JsonArray result = new JsonArray();
    if (metrics != null) {
      metrics.forEach(m -> result.add(normaliseMetric(m)));
    }
    return result;
  }

  /**
   * A metric plays one role: the report would otherwise list it twice with different corrections.
   */
  public static void checkMetricRoles(
      JsonObject primary, JsonArray secondary, JsonArray guardrail) {
    Set<String> seen = new HashSet<>();
    seen.add(primary.getString("key"));
    checkUnique(secondary, "secondaryMetrics", seen);
    checkUnique(guardrail, "guardrailMetrics", seen);
  }

  private static void checkUnique(JsonArray metrics, String field, Set<String> seen) {
    for (int i = 0; i < metrics.size(); i++) {
      String key = metrics.getJsonObject(i).getString("key");
      if (!seen.add(key)) {
        throw new InvalidException(
            "duplicate_metric",
            "Metric '" + key + "' appears more than once; each metric has one role.",
            field + "[" + i + "].key");
      }
    }
  }

  public static JsonObject normaliseStats(JsonObject stats) {
    JsonObject s = stats == null ? new JsonObject() : stats.copy();
    s.put("alpha", s.getDouble("alpha", 0.05));
    s.put("power", s.getDouble("power", 0.8));
    s.put("mde", s.getDouble("mde", 0.1));
    s.put("sequential", s.getBoolean("sequential", true));
    s.put("correction", s.getString("correction", "holm"));
    return s;
  }

  /**
   * A planned baseline must be a rate for a binomial primary metric, and a mean needs its stddev
   * too.
   */
  public static void checkPlannedBaseline(JsonObject stats, JsonObject primary) {
    Double baseline = stats.getDouble("baseline");
    if (baseline == null) {
      return;
    }
    boolean binomial = "binomial".equals(primary.getString("type"));
    if (binomial && !(baseline < 1)) {
      throw InvalidException.field(
          "stats.baseline", "For a binomial primary metric the baseline is a rate below 1.");
    }
    if (binomial && !(baseline * (1 + stats.getDouble("mde")) < 1)) {
      throw InvalidException.field(
          "stats.mde", "baseline × (1 + mde) must stay below 1 for a binomial metric.");
    }
    if (!binomial && stats.getDouble("stddev") == null) {
      throw InvalidException.field(
          "stats.stddev", "A mean primary metric with a planned baseline needs its stddev.");
    }
  }

  /**
   * Targeting is checked by the same parser every SDK runs, so a condition the SDKs would refuse
   * (an {@code eq} without a value, say) is a 400 here instead of a configuration no SDK can load.
   */
  public static void checkTargeting(JsonObject targeting) {
    if (targeting == null) {
      return;
    }
    try {
      Targeting.parse(targeting.encode());
    } catch (IllegalArgumentException e) {
      throw InvalidException.field("targeting", "Invalid targeting: " + e.getMessage());
    }
  }

  public static void checkRollout(String rollout, Experiment experiment) {
    if (rollout != null && !experiment.hasVariant(rollout)) {
      throw new InvalidException(
          "unknown_variant",
          "rollout '" + rollout + "' is not a variant of experiment '" + experiment.key() + "'.",
          "rollout");
    }
  }
}
